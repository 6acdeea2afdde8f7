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
 * Inbound records the pipeline refused, kept (sealed) with their reason for {@code /api/v1/quarantine} and replay
 * once the mapping, the schema or the partner's data is fixed.
 */
@Component
public class QuarantineStore extends KeptPayloadStore {

    private final JdbcTemplate jdbc;

    public QuarantineStore(JdbcTemplate jdbc, PayloadVault vault, ObjectMapper json) {
        super(new SealedRows(jdbc, vault, json, "quarantine", "quarantine", "partner", "record_index"));
        this.jdbc = jdbc;
    }

    /**
     * Keeps a refused record. The caller journals the returned event with the record's other audit events.
     *
     * @param reason  the OperationOutcome (or its JSON) that refused it
     * @param payload what a replay needs to run it again; sealed before it is stored
     * @return the {@code QUARANTINED} audit event naming the quarantine id
     */
    public AuditEvent record(String exchangeId, String correlationId, String partner, String messageType, int record,
                             Object reason, byte[] payload) {
        String id = UUID.randomUUID().toString();
        String reasonText = storedReason(reason);
        jdbc.update("""
                INSERT INTO quarantine (id, exchange_id, partner, message_type, record_index, reason, payload,
                                        recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", id, exchangeId, partner, messageType, record,
                reasonText, rows.seal(payload, id),
                Timestamp.from(Instant.now()));
        return new AuditEvent(Instant.now(), exchangeId, correlationId, Step.QUARANTINED, Outcome.REJECTED, partner,
                null, messageType, null, null, null, "quarantine " + id);
    }
}
