package fr.spie.hub.delivery;

import fr.spie.hub.audit.AuditJournal;
import org.springframework.stereotype.Component;

/** Last step: the delivery's audit events, in one batch, before the broker transaction commits. */
@Component("journalDeliveries")
public class JournalDeliveries {

    private final AuditJournal journal;

    public JournalDeliveries(AuditJournal journal) {
        this.journal = journal;
    }

    public void apply(DeliveryRun run) {
        journal.append(run.auditEvents());
        run.auditEvents().clear();
    }
}
