package fr.spie.hub.audit;

import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditChain.Checkpoint;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Walks the journal in the order it was written and names every event that was altered, deleted or inserted, and every signed
 * checkpoint the chain no longer matches. Fed one event at a time (the database streams it, an export is read line by
 * line); it holds back at most one event, to tell an inserted event (its successor still links to the event before
 * it) from a gap (its successor links to it).
 *
 * <p>What the chain alone cannot see is a rewrite of every hash from some point on: the signed checkpoints catch it,
 * since nobody without the private key can sign the rewritten head. Events after the last checkpoint are not yet
 * covered by a signature: the report says how many.
 */
public final class ChainVerifier {

    /** What went wrong, per event or checkpoint. */
    public enum Kind { ALTERED, DELETED, INSERTED, BROKEN_LINK, CHECKPOINT_MISMATCH, BAD_SIGNATURE, UNSIGNED_HEAD }

    /** One finding: {@code seq} is the event's place in the chain, {@code rowId} its database row (or export line). */
    public record Problem(Kind kind, Long seq, Long rowId, String detail) {
    }

    /**
     * The outcome: {@code valid} when nothing was found; {@code head} the hash of the last event; {@code signedUpTo}
     * the last event covered by a signed checkpoint; {@code unsigned} how many events follow it.
     */
    public record Verification(boolean valid, long events, String head, long headSeq, int checkpoints,
                               long signedUpTo, long unsigned, List<Problem> problems, int problemCount) {
    }

    private static final int MAX_LISTED = 1000;

    private final TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
    private final PublicKey trustedKey;
    private final boolean requireSignedHead;
    private final List<Problem> problems = new ArrayList<>();
    private int problemCount;

    private ChainedEvent last;
    private boolean lastAltered;
    private ChainedEvent suspect;
    private long events;
    private long signedUpTo;

    /**
     * @param trustedKey        the published public key; null to check each checkpoint with the key it names
     * @param requireSignedHead true for an export: its last event must be covered by a checkpoint
     */
    public ChainVerifier(List<Checkpoint> checkpoints, PublicKey trustedKey, boolean requireSignedHead) {
        checkpoints.forEach(cp -> this.checkpoints.put(cp.seq(), cp));
        this.trustedKey = trustedKey;
        this.requireSignedHead = requireSignedHead;
    }

    public void accept(ChainedEvent row) {
        events++;
        if (suspect != null) {
            ChainedEvent held = suspect;
            suspect = null;
            if (last != null && row.previousHash() != null && row.previousHash().equals(last.hash())
                    && !row.previousHash().equals(held.hash())) {
                report(Kind.INSERTED, held, "Event #" + held.seq() + " is not part of the chain: the event after it"
                        + " follows the one before it");
            } else {
                acceptUnlinked(held);
            }
        }
        if (links(row)) {
            acceptLinked(row);
        } else {
            suspect = row;
        }
    }

    private boolean links(ChainedEvent row) {
        String expected = last == null ? AuditChain.GENESIS : last.hash();
        return expected.equals(row.previousHash()) && row.seq() == expectedSeq();
    }

    private long expectedSeq() {
        return last == null ? 1 : last.seq() + 1;
    }

    private void acceptLinked(ChainedEvent row) {
        lastAltered = !row.selfConsistent();
        if (lastAltered) {
            report(Kind.ALTERED, row, "Event #" + row.seq() + " was changed after it was written: its hash no longer"
                    + " matches its content");
        }
        advance(row);
    }

    /** An event that does not follow its predecessor and was not slipped in: something before it is gone or changed. */
    private void acceptUnlinked(ChainedEvent row) {
        long expected = expectedSeq();
        boolean self = row.selfConsistent();
        if (row.seq() > expected) {
            report(Kind.DELETED, row, range(expected, row.seq() - 1) + " missing before event #" + row.seq());
            if (!self) {
                report(Kind.ALTERED, row, "Event #" + row.seq() + " was changed after it was written");
            }
        } else if (row.seq() < expected) {
            report(Kind.INSERTED, row, "Event #" + row.seq() + " repeats a number already in the chain");
            return;
        } else if (!self) {
            report(Kind.ALTERED, row, "Event #" + row.seq() + " was changed after it was written: its hash no longer"
                    + " matches its content");
        } else if (!lastAltered) {
            report(Kind.BROKEN_LINK, row, "Event #" + row.seq() + " does not follow the event before it");
        }
        lastAltered = !self;
        advance(row);
    }

    private void advance(ChainedEvent row) {
        Checkpoint cp = checkpoints.get(row.seq());
        if (cp != null && !cp.eventHash().equals(row.hash())) {
            Long before = checkpoints.lowerKey(row.seq());
            report(Kind.CHECKPOINT_MISMATCH, row, "The checkpoint signed at " + cp.signedAt() + " for event #"
                    + row.seq() + " names another hash: events " + ((before == null ? 0 : before) + 1) + " to "
                    + row.seq() + " were rewritten after they were signed");
        }
        last = row;
    }

    public Verification finish() {
        if (suspect != null) {
            ChainedEvent held = suspect;
            suspect = null;
            if (held.seq() > expectedSeq() || held.seq() < expectedSeq()) {
                acceptUnlinked(held);
            } else {
                report(Kind.INSERTED, held, "Event #" + held.seq() + " at the end does not follow the chain");
            }
        }
        long lastSeq = last == null ? 0 : last.seq();
        for (Checkpoint cp : checkpoints.values()) {
            PublicKey key = trustedKey != null ? trustedKey : AuditSigner.publicKey(cp.publicKey());
            if (!AuditSigner.verify(key, cp.signedContent(), cp.signature())) {
                report(Kind.BAD_SIGNATURE, cp.seq(), null, "The checkpoint for event #" + cp.seq()
                        + " is not signed by " + (trustedKey != null ? "the published key" : "the key it names"));
            } else if (cp.seq() <= lastSeq) {
                signedUpTo = Math.max(signedUpTo, cp.seq());
            }
        }
        if (!checkpoints.isEmpty() && checkpoints.lastKey() > lastSeq) {
            report(Kind.DELETED, checkpoints.lastKey(), null, range(lastSeq + 1, checkpoints.lastKey())
                    + " signed in a checkpoint but missing at the end of the journal");
        }
        long unsigned = lastSeq - signedUpTo;
        if (requireSignedHead && unsigned > 0) {
            report(Kind.UNSIGNED_HEAD, lastSeq, null, unsigned + " event(s) at the end are covered by no signed"
                    + " checkpoint");
        }
        return new Verification(problemCount == 0, events, last == null ? AuditChain.GENESIS : last.hash(), lastSeq,
                checkpoints.size(), signedUpTo, unsigned, List.copyOf(problems), problemCount);
    }

    private static String range(long from, long to) {
        return from == to ? "Event #" + from + " is" : "Events #" + from + " to #" + to + " are";
    }

    private void report(Kind kind, ChainedEvent row, String detail) {
        report(kind, row.seq(), row.rowId(), detail);
    }

    private void report(Kind kind, Long seq, Long rowId, String detail) {
        problemCount++;
        if (problems.size() < MAX_LISTED) {
            problems.add(new Problem(kind, seq, rowId, detail));
        }
    }

    /** Verifies the journal in the database, as far as it goes now. */
    public static Verification verify(AuditRecords records, PublicKey trustedKey) {
        AuditRecords.Snapshot snapshot = records.snapshot();
        ChainVerifier verifier = new ChainVerifier(records.checkpointsUpTo(snapshot.maxCheckpointSeq()), trustedKey,
                false);
        records.forEachUpTo(snapshot.maxRowId(), verifier::accept);
        return verifier.finish();
    }

    Map<Long, Checkpoint> checkpoints() {
        return checkpoints;
    }
}
