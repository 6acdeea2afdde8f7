package fr.spie.hub.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.broker.MessageProperties;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.delivery.BatchSends;
import fr.spie.hub.delivery.DeliverToQueue;
import fr.spie.hub.delivery.Delivery;
import fr.spie.hub.delivery.DeliveryRoute;
import fr.spie.hub.delivery.DeliveryRun;
import fr.spie.hub.exchange.Headers;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.ExchangeProperty;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Step 10, remote channels: a copy for a webhook, a SOAP recipient or a file drop is not sent from the delivery
 * transaction (a slow partner would hold up every other recipient). It is queued on the partner's own dispatch queue
 * {@code spie.dispatch.{partner}}, in the same broker transaction as the other recipients' copies, and sent from there
 * with retries ({@link DispatchToPartner}).
 */
@Component("dispatchToChannel")
public class DispatchToChannel {

    private final JmsTemplate jms;
    private final ObjectMapper json;

    public DispatchToChannel(ConnectionFactory connectionFactory, ObjectMapper json) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.jms.setDeliveryPersistent(true);
        this.jms.setExplicitQosEnabled(true);
        this.json = json;
    }

    public void apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run)
            throws JsonProcessingException, JMSException {
        String recipient = delivery.recipient().id();
        String body = json.writeValueAsString(delivery.message());
        String seen = json.writeValueAsString(delivery.eventFor(run));
        // No duplicate-detection id, as for the queue copies (DeliverToQueue): this send joins the transaction
        // that consumes the accepted event, and an id left by a rolled-back send would refuse the next copy (and
        // would refuse a replayed dead letter's copy).
        BatchSends sends = BatchSends.current();
        if (sends != null) {
            // The consumer's transaction, through its one producer (BatchSends).
            sends.send(Dispatch.queue(recipient), dispatchCopy(sends.session(), body, seen, delivery, run));
        } else {
            jms.send(Dispatch.queue(recipient), session -> dispatchCopy(session, body, seen, delivery, run));
        }
        run.audit(Step.DISPATCH_QUEUED, Outcome.OK, recipient, delivery.subscription().messageType(),
                delivery.channel().channel() + " via " + Dispatch.queue(recipient));
    }

    private static TextMessage dispatchCopy(Session session, String body, String seen, Delivery delivery,
                                            DeliveryRun run) throws JMSException {
        CanonicalEvent event = run.event();
        String recipient = delivery.recipient().id();
        TextMessage message = DeliverToQueue.copyFor(session, body, delivery, event);
        MessageProperties.put(message, Headers.RECIPIENT, recipient);
        MessageProperties.put(message, Dispatch.SUBJECT, event.subject());
        MessageProperties.put(message, Dispatch.SENDER, run.sender());
        MessageProperties.put(message, Dispatch.RECIPIENT_EVENT, seen);
        return message;
    }
}
