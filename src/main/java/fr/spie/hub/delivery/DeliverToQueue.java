package fr.spie.hub.delivery;

import fr.spie.hub.broker.MessageProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.exchange.Headers;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.ExchangeProperty;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Step 10: the message goes to the recipient's queue {@code spie.outbound.{partner}} with the contract's headers. The
 * send joins the broker transaction of the consumed accepted event: both happen, or neither.
 */
@Component("deliverToQueue")
public class DeliverToQueue {

    private final JmsTemplate jms;
    private final ObjectMapper json;

    public DeliverToQueue(ConnectionFactory connectionFactory, ObjectMapper json) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.jms.setDeliveryPersistent(true);
        this.jms.setExplicitQosEnabled(true);
        this.json = json;
    }

    public void apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run)
            throws JsonProcessingException, JMSException {
        CanonicalEvent event = run.event();
        String recipient = delivery.recipient().id();
        String body = json.writeValueAsString(delivery.message());
        // No duplicate-detection id here: the copies are sent in the transaction that consumes the accepted event,
        // so a crash before its commit discards both, and a redelivered event is delivered once. An id would even
        // lose the copy on a shared broker: the id of a send rolled back with a killed instance stays in the
        // broker's cache, and the surviving instance's copy is then refused as a duplicate (docs/cluster.md).
        BatchSends sends = BatchSends.current();
        if (sends != null) {
            // The consumer's transaction, through its one producer: no producer opened and closed per copy.
            sends.send(Addresses.outbound(recipient), queueCopy(sends.session(), body, delivery, event));
        } else {
            jms.send(Addresses.outbound(recipient), session -> queueCopy(session, body, delivery, event));
        }
        run.audit(Step.DELIVERED, Outcome.OK, recipient, delivery.subscription().messageType(),
                Addresses.outbound(recipient));
    }

    private static TextMessage queueCopy(Session session, String body, Delivery delivery, CanonicalEvent event)
            throws JMSException {
        TextMessage message = copyFor(session, body, delivery, event);
        MessageProperties.put(message, "content-type", "application/json");
        return message;
    }

    /**
     * A recipient's copy with the contract's headers, shared by the queue delivery and the remote channels' dispatch.
     * No duplicate-detection id: see {@link #apply}.
     */
    public static TextMessage copyFor(Session session, String body, Delivery delivery, CanonicalEvent event)
            throws JMSException {
        TextMessage message = session.createTextMessage(body);
        MessageProperties.put(message, Headers.EXCHANGE_ID, event.id());
        MessageProperties.put(message, Headers.MESSAGE_TYPE, delivery.subscription().messageType());
        MessageProperties.put(message, Headers.PURPOSE, event.purpose());
        MessageProperties.put(message, Headers.CORRELATION_ID, event.correlationid());
        MessageProperties.put(message, Headers.EVENT_TYPE, event.type());
        return message;
    }
}
