package fr.spie.hub.resilience;

import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Payloads kept for replay are personal data: past {@code spie.resilience.retention} they are erased (the row, its
 * reason and the audit trail stay, so the history still reads), and the purge is journaled as PAYLOADS_PURGED.
 */
@Component
public class PayloadRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PayloadRetention.class);

    private final DeadLetterStore deadLetters;
    private final QuarantineStore quarantine;
    private final AuditJournal journal;
    private final ResilienceProperties properties;
    private ScheduledExecutorService scheduler;

    public PayloadRetention(DeadLetterStore deadLetters, QuarantineStore quarantine, AuditJournal journal,
                            ResilienceProperties properties) {
        this.deadLetters = deadLetters;
        this.quarantine = quarantine;
        this.journal = journal;
        this.properties = properties;
    }

    /** Erases the payloads recorded before now minus the retention; returns how many. */
    public int purge() {
        return purgeRecordedBefore(Instant.now().minus(properties.retention()));
    }

    /** Erases the payloads recorded before {@code limit} (the retention's cut-off); returns how many. */
    public int purgeRecordedBefore(Instant limit) {
        int deadLetterCount = deadLetters.purgeBefore(limit);
        int quarantineCount = quarantine.purgeBefore(limit);
        int purged = deadLetterCount + quarantineCount;
        if (purged > 0) {
            journal.append(List.of(new AuditEvent(Instant.now(), null, null, Step.PAYLOADS_PURGED, Outcome.OK, null,
                    null, null, null, null, null, purged + " payload(s) recorded before " + limit + " purged ("
                    + deadLetterCount + " dead letter(s), " + quarantineCount + " quarantined record(s))")));
            log.info("Purged {} payload(s) kept for replay past the retention of {}", purged, properties.retention());
        }
        return purged;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "payload-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, properties.purgeInterval().toSeconds());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                // The database may be down for a while: the next run catches up.
                log.warn("Payload purge failed ({}): retried in {} s", e.getClass().getSimpleName(), every);
            }
        }, every, every, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
