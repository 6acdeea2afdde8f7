package fr.spie.hub.exchange;

import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.IntakeRegistry;
import jakarta.jms.JMSException;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Step 6: the canonical event is stored durably on the broker with its audit events and its intake key. Alone, the
 * message is committed here, so a 202 is only ever answered after that commit; in a batch file, the batch commits
 * every few hundred.
 */
@Component("storeAccepted")
public class StoreAccepted implements Processor {

    private final AcceptedExchangeStore store;
    private final IntakeRegistry intake;
    private final AuditJournal journal;
    private final GroupCommit groupCommit;

    public StoreAccepted(AcceptedExchangeStore store, IntakeRegistry intake, AuditJournal journal,
                         GroupCommit groupCommit) {
        this.store = store;
        this.intake = intake;
        this.journal = journal;
        this.groupCommit = groupCommit;
    }

    public MessageInTransit apply(MessageInTransit message) throws JMSException {
        message.audit(Step.ACCEPTED, message.outcome().warnings().isEmpty() ? Outcome.OK : Outcome.WARNING, null,
                message.event().type());
        // The categories the accepted event carries: what a recipient could receive at most.
        List<fr.spie.hub.audit.AuditEvent> events = message.auditEvents();
        if (message.event().datacategories() != null) {
            events.set(events.size() - 1, events.get(events.size() - 1)
                    .withDataCategories(message.event().datacategories()));
        }
        IntakeRegistry.Entry key = message.intakeKey() == null ? null : new IntakeRegistry.Entry(message.partnerId(),
                message.intakeKey(), message.exchangeId(), message.messageType());
        if (message.resumed()) {
            // Its key is registered already; the broker decides whether the first attempt's copy arrived.
            store.storeAgain(message.event());
            journal.append(message.auditEvents());
            intake.markCommitted(List.of(key));
        } else if (message.batch() != null) {
            AcceptedBatch batch = message.batch();
            String serialized = store.serialized(message.event());
            // In the file's order: the records before this one may still be on another thread (BatchReceiver).
            batch.inTurn(message.turn(), () -> {
                store.store(batch, serialized, message.event());
                batch.journal(message.auditEvents());
                if (key != null) {
                    batch.intake(key);
                }
            });
        } else {
            try {
                // Committed with whatever other senders' messages are being stored at the same moment (one journal
                // sync for all); returns once this one is committed.
                groupCommit.store(message.event(), message.auditEvents(), key);
            } catch (DuplicateKeyException e) {
                // The same message sent twice at once: the other one registered its key first and is the one kept.
                message.auditEvents().clear();
                String first = intake.find(message.partnerId(), message.intakeKey()).map(IntakeRegistry.Known::exchangeId)
                        .orElse(message.exchangeId());
                message.duplicateOf(first);
                message.audit(Step.DUPLICATE, Outcome.OK, null, "Already accepted as exchange " + first);
                journal.append(message.auditEvents());
                message.auditEvents().clear();
                return message;
            }
        }
        message.auditEvents().clear();
        message.status(MessageInTransit.Status.ACCEPTED);
        return message;
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange.getMessage().getBody(MessageInTransit.class));
    }
}
