package fr.spie.hub.exchange;

import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.resilience.IntakeRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Messages sent alone (REST, SOAP, a partner's queue) stored together: each sender's thread hands its event, audit
 * events and intake key over and waits; one committer thread takes whatever has queued meanwhile into one broker
 * transaction, one audit write and one write of intake keys. A 202 still comes only after its message's commit, but
 * thirty concurrent senders share one journal sync instead of queueing for thirty (the classic group commit).
 *
 * <p>When a group fails (e.g. one message's key was registered by the same message sent twice at once), its messages
 * are committed again one by one, so that only the faulty one fails, with its own error.
 */
@Component
public class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Most messages in one transaction: a bound on the time the first of them waits. */
    static final int MAX_GROUP = 256;

    private final AcceptedExchangeStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /**
     * Intake keys handed over and not yet committed, by partner and key. Their rows read "pending" meanwhile, which
     * is also what an attempt interrupted by a crash leaves: RecognizeDuplicate asks here before taking a pending
     * key for an interrupted attempt, so that the same message sent twice at once is a duplicate, never stored twice.
     */
    private final java.util.concurrent.ConcurrentMap<String, CompletableFuture<Void>> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread committer;
    private volatile boolean running = true;

    public GroupCommit(AcceptedExchangeStore store) {
        this.store = store;
        committer = new Thread(this::commitLoop, "spie-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    private record Pending(String serialized, CanonicalEvent event, List<AuditEvent> audit, IntakeRegistry.Entry key,
                           CompletableFuture<Void> done) {
    }

    /**
     * Stores the event with its audit events and intake key (may be null), and returns once they are committed.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the intake key was registered meanwhile
     */
    public void store(CanonicalEvent event, List<AuditEvent> audit, IntakeRegistry.Entry key) {
        if (!running) {
            throw new IllegalStateException("The hub is stopping: nothing more is stored");
        }
        // Serialized on the sender's thread: the committer only sends.
        Pending pending = new Pending(store.serialized(event), event, List.copyOf(audit), key,
                new CompletableFuture<>());
        String flight = key == null ? null : flightOf(key.partner(), key.key());
        if (flight != null) {
            inFlight.putIfAbsent(flight, pending.done);
        }
        queue.add(pending);
        try {
            pending.done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("Cannot store accepted exchange " + event.id(), e.getCause());
        } finally {
            // removed once its key is marked committed (or its commit failed): a reader then sees the final state
            if (flight != null) {
                inFlight.remove(flight, pending.done);
            }
        }
    }

    /**
     * Waits until this intake key, if it is being committed here right now, is committed or has failed.
     *
     * @return true when it was in flight (the caller reads the registry again)
     */
    public boolean awaitInFlight(String partner, String key) {
        CompletableFuture<Void> commit = inFlight.get(flightOf(partner, key));
        if (commit == null) {
            return false;
        }
        try {
            commit.join();
        } catch (CompletionException e) {
            // its sender gets the error; the caller just reads the registry again
        }
        return true;
    }

    private static String flightOf(String partner, String key) {
        return partner + '\u0000' + key;
    }

    private void commitLoop() {
        while (running || !queue.isEmpty()) {
            List<Pending> group = new ArrayList<>();
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.forEach(p -> p.done.completeExceptionally(e));
                return;
            } catch (RuntimeException | Error e) {
                // never leave a sender waiting, whatever happened
                group.forEach(p -> p.done.completeExceptionally(e));
            }
        }
    }

    private void commit(List<Pending> group) {
        try {
            commitTogether(group);
            group.forEach(p -> p.done.complete(null));
        } catch (RuntimeException | JMSException e) {
            if (group.size() == 1) {
                fail(group.get(0), e);
                return;
            }
            log.debug("A group of {} failed ({}): committed one by one", group.size(), e.getClass().getSimpleName());
            for (Pending alone : group) {
                try {
                    commitTogether(List.of(alone));
                    alone.done.complete(null);
                } catch (RuntimeException | JMSException again) {
                    fail(alone, again);
                }
            }
        }
    }

    private void commitTogether(List<Pending> group) throws JMSException {
        try (AcceptedBatch batch = store.openBatch()) {
            for (Pending p : group) {
                store.store(batch, p.serialized, p.event);
                batch.journal(p.audit);
                if (p.key != null) {
                    batch.intake(p.key);
                }
            }
            batch.commit();
        }
    }

    private static void fail(Pending pending, Exception e) {
        pending.done.completeExceptionally(e instanceof RuntimeException r ? r
                : new IllegalStateException("Cannot store accepted exchange " + pending.event.id(), e));
    }

    /** Commits what is queued, then stops. */
    @PreDestroy
    public void close() {
        running = false;
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
