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
 * Where a copy goes when its channel gave up: today the broker's {@code spie.dead-letter} (as delivery's
 * {@code DeadLetter} does), with the recipient, the channel and the reason as an OperationOutcome. The one place to
 * point at a dead-letter store with replay.
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

    public void store(OutboundMessage message, String channel, OperationOutcome reason) throws JsonProcessingException {
        String outcome = json.writeValueAsString(reason);
        jms.send(Addresses.DEAD_LETTER, session -> {
            TextMessage dead = session.createTextMessage(message.body());
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
