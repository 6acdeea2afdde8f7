package fr.spie.hub.delivery;

import fr.spie.hub.broker.MessageProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.exchange.Headers;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * A delivery the hub refused to make (its mapping failed, or its result broke the recipient's schema): the canonical
 * event and the reason go to {@code spie.dead-letter}, to be replayed once fixed. Other recipients are not held up.
 */
@Component("deadLetter")
public class DeadLetter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetter.class);

    private final JmsTemplate jms;
    private final ObjectMapper json;

    public DeadLetter(ConnectionFactory connectionFactory, ObjectMapper json) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.json = json;
    }

    public void apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run)
            throws JsonProcessingException {
        String recipient = delivery.recipient().id();
        String reason = json.writeValueAsString(delivery.refusal());
        String canonical = json.writeValueAsString(run.event());
        jms.send(Addresses.DEAD_LETTER, session -> {
            TextMessage message = session.createTextMessage(canonical);
            MessageProperties.put(message, Headers.EXCHANGE_ID, run.event().id());
            MessageProperties.put(message, Headers.RECIPIENT, recipient);
            MessageProperties.put(message, Headers.MESSAGE_TYPE, delivery.subscription().messageType());
            MessageProperties.put(message, "spie-outcome", reason);
            return message;
        });
        run.audit(Step.DELIVERY_FAILED, Outcome.FAILED, recipient, delivery.subscription().messageType(), reason);
        log.warn("Delivery to {} refused: {} issue(s), sent to {}", recipient, delivery.refusal().issue().size(),
                Addresses.DEAD_LETTER);
    }
}
