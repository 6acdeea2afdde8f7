package fr.spie.hub.exchange;

import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import jakarta.jms.JMSException;
import org.springframework.stereotype.Component;

/**
 * Step 6: the canonical event is stored durably on the broker with its audit events. Alone, the message is committed
 * here, so a 202 is only ever answered after that commit; in a batch file, the batch commits every few hundred.
 */
@Component("storeAccepted")
public class StoreAccepted {

    private final AcceptedExchangeStore store;

    public StoreAccepted(AcceptedExchangeStore store) {
        this.store = store;
    }

    public MessageInTransit apply(MessageInTransit message) throws JMSException {
        message.audit(Step.ACCEPTED, message.outcome().warnings().isEmpty() ? Outcome.OK : Outcome.WARNING, null,
                message.event().type());
        if (message.batch() != null) {
            store.store(message.batch(), message.event());
            message.batch().journal(message.auditEvents());
        } else {
            try (AcceptedBatch alone = store.openBatch()) {
                store.store(alone, message.event());
                alone.journal(message.auditEvents());
                alone.commit();
            }
        }
        message.auditEvents().clear();
        message.status(MessageInTransit.Status.ACCEPTED);
        return message;
    }
}
