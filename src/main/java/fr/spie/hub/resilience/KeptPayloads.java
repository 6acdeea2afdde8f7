package fr.spie.hub.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What the dead-letter and quarantine stores show: reasons and ids, never the payload itself. */
public final class KeptPayloads {

    private KeptPayloads() {
    }

    /**
     * A dead letter or a quarantined record.
     *
     * @param kind             {@code dead-letter} or {@code quarantine}
     * @param partner          the recipient of a dead letter, the sender of a quarantined record
     * @param record           position in its batch (0 for a message sent alone); null for a dead letter
     * @param reason           the OperationOutcome that set it aside (paths and reasons, never values)
     * @param payloadKept      false once purged after the retention period: it can no longer be replayed
     */
    public record Entry(String id, String kind, String exchangeId, String partner, String messageType, Integer record,
                        JsonNode reason, Instant recordedAt, boolean payloadKept, Instant replayedAt,
                        String replayExchangeId) {
    }
}
