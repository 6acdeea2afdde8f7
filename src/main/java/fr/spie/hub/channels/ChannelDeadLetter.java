package fr.spie.hub.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.broker.MessageProperties;
import fr.spie.hub.exchange.Headers;
import fr.spie.hub.validation.OperationOutcome;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a copy goes when its channel gave up: the broker's {@code spie.dead-letter}, in the dispatch queue's
 * transaction (nothing lost if the hub stops then), with the recipient, the channel and the reason as an
 * OperationOutcome; {@code BrokerDeadLetters} takes it into the dead-letter store. What is kept is the canonical event,
 * not the recipient's format: a replay goes through the delivery route again for this recipient only (sharing decided
 * again, translated and validated with the files of the day), as a dead letter of the queue delivery does.
 */
@Component
public class ChannelDeadLetter {

    private final JmsTemplate jms;
    private final ObjectMapper json;

    public ChannelDeadLetter(ConnectionFactory connectionFactory, ObjectMapper json) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.json = json;
    }

    /**
     * @param canonical the canonical event the copy was made from; null only for a copy queued by a hub older than
     *                  this one, whose dead letter then keeps the translated copy (listed, not replayable)
     */
    public void store(OutboundMessage message, String canonical, String channel, OperationOutcome reason)
            throws JsonProcessingException {
        String outcome = json.writeValueAsString(reason);
        jms.send(Addresses.DEAD_LETTER, session -> {
            TextMessage dead = session.createTextMessage(canonical != null ? canonical : message.body());
            MessageProperties.put(dead, Headers.EXCHANGE_ID, message.exchangeId());
            MessageProperties.put(dead, Headers.RECIPIENT, message.recipient());
            MessageProperties.put(dead, Headers.MESSAGE_TYPE, message.messageType());
            MessageProperties.put(dead, Headers.EVENT_TYPE, message.eventType());
            MessageProperties.put(dead, Headers.PURPOSE, message.purpose());
            MessageProperties.put(dead, Headers.CORRELATION_ID, message.correlationId());
            MessageProperties.put(dead, "spie-channel", channel);
            MessageProperties.put(dead, "spie-outcome", outcome);
            return dead;
        });
    }
}
