package fr.spie.hub.delivery;

import fr.spie.hub.audit.AuditJournal;
import org.springframework.stereotype.Component;

/**
 * Last step: the delivery's audit events, journaled before the broker transaction commits: with the rest of the
 * consumer's batch when there is one ({@link BatchJournal}), else at once.
 */
@Component("journalDeliveries")
public class JournalDeliveries {

    private final AuditJournal journal;

    public JournalDeliveries(AuditJournal journal) {
        this.journal = journal;
    }

    public void apply(DeliveryRun run) {
        BatchJournal batch = BatchJournal.current();
        if (batch != null) {
            batch.add(run.auditEvents());
        } else {
            journal.append(run.auditEvents());
        }
        run.auditEvents().clear();
    }
}
