package fr.spie.hub.delivery;

import fr.spie.hub.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit events of one delivery batch, journaled together just before its broker commit
 * ({@link AcceptedEventConsumer}) rather than event by event: one wait for the journal's writer per batch instead of
 * one per event, and larger writes. They are still in the database before the broker forgets the events; a batch
 * rolled back journals nothing of it (its copies were discarded: it did not happen, and is done again). Bound to the
 * consumer's thread; not thread-safe.
 */
public final class BatchJournal {

    private final List<AuditEvent> pending = new ArrayList<>();

    /** The batch this thread is delivering, or null outside one (the step then journals at once). */
    public static BatchJournal current() {
        return (BatchJournal) TransactionSynchronizationManager.getResource(BatchJournal.class);
    }

    void bind() {
        TransactionSynchronizationManager.bindResource(BatchJournal.class, this);
    }

    static void unbind() {
        TransactionSynchronizationManager.unbindResourceIfPossible(BatchJournal.class);
    }

    void add(List<AuditEvent> events) {
        pending.addAll(events);
    }

    /** What is pending, in the order it came; the batch starts afresh. */
    List<AuditEvent> drain() {
        List<AuditEvent> events = List.copyOf(pending);
        pending.clear();
        return events;
    }

    void discard() {
        pending.clear();
    }
}
