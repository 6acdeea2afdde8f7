package fr.spie.hub.resilience;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dead letters and the quarantine have in common once a row is kept: listing, showing, the sealed payload,
 * replayed once, purged after the retention. Each store says how a row is recorded and what its audit event is.
 */
abstract class KeptPayloadStore {

    /** Reasons are OperationOutcomes: paths and codes, never values; past this length they are cut. */
    private static final int MAX_REASON = 8000;

    protected final SealedRows rows;

    KeptPayloadStore(SealedRows rows) {
        this.rows = rows;
    }

    /** The reason as stored: its JSON, cut to the column's length. */
    protected String storedReason(Object reason) {
        String text = rows.reasonText(reason);
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
    }

    /** @param party the recipient of a dead letter, the sending partner of a quarantined record (null: any) */
    public List<KeptPayloads.Entry> list(String party, String exchangeId, boolean pendingOnly, int limit) {
        return rows.list(party, exchangeId, pendingOnly, limit);
    }

    public Optional<KeptPayloads.Entry> find(String id) {
        return rows.find(id);
    }

    public Optional<byte[]> payload(String id) {
        return rows.payload(id);
    }

    /** False when it was replayed already: a row is replayed once. */
    public boolean markReplayed(String id, String replayExchangeId) {
        return rows.markReplayed(id, replayExchangeId);
    }

    /** The replay failed before it was accepted: it may be tried again. */
    public void unmarkReplayed(String id) {
        rows.unmarkReplayed(id);
    }

    int purgeBefore(Instant limit) {
        return rows.purgeBefore(limit);
    }
}
