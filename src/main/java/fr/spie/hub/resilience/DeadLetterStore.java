package fr.spie.hub.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deliveries the hub gave up on, kept for {@code /api/v1/dead-letters} and replay. Any channel records its failures
 * here with one call, {@link #record}: the queue delivery (a refused mapping or schema), the webhook and SOAP channels
 * (recipient down after its retries), the broker's own dead-letter address (redelivered too often).
 */
@Component
public class DeadLetterStore extends KeptPayloadStore {

    /** A dead letter for every recipient of the event (the broker gave up on the whole delivery). */
    public static final String ALL_RECIPIENTS = "*";

    private final JdbcTemplate jdbc;
    private final AuditJournal journal;

    public DeadLetterStore(JdbcTemplate jdbc, PayloadVault vault, ObjectMapper json, AuditJournal journal) {
        super(new SealedRows(jdbc, vault, json, "dead_letter", "dead-letter", "recipient", "NULL"));
        this.jdbc = jdbc;
        this.journal = journal;
    }

    /**
     * Keeps a failed delivery and journals {@code DEAD_LETTERED} on its exchange.
     *
     * @param recipient  the partner id, or {@link #ALL_RECIPIENTS}
     * @param reason     an OperationOutcome (or its JSON): paths and reasons, never values
     * @param payload    the canonical event (JSON), which a replay delivers again; sealed before it is stored
     * @return the dead letter's id
     */
    public String record(String recipient, String exchangeId, String messageType, Object reason, byte[] payload) {
        String id = UUID.randomUUID().toString();
        String reasonText = storedReason(reason);
        jdbc.update("""
                INSERT INTO dead_letter (id, exchange_id, recipient, message_type, reason, payload, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", id, exchangeId, recipient, messageType,
                reasonText, rows.seal(payload, id),
                Timestamp.from(Instant.now()));
        journal.append(List.of(new AuditEvent(Instant.now(), exchangeId, null, Step.DEAD_LETTERED, Outcome.FAILED,
                null, recipient, messageType, null, null, null, "dead letter " + id)));
        return id;
    }

    public String record(String recipient, String exchangeId, Object reason, byte[] payload) {
        return record(recipient, exchangeId, null, reason, payload);
    }
}
