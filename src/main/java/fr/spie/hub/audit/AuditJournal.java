package fr.spie.hub.audit;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Appends audit events to the journal table, in JDBC batches: auditing must never be the bottleneck. */
@Component
public class AuditJournal {

    private static final String INSERT = """
            INSERT INTO audit_event (recorded_at, exchange_id, correlation_id, step, outcome, sender, recipient,
                                     message_type, subject, purpose, payload_sha256, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final int MAX_DETAIL = 8000;

    private final JdbcTemplate jdbc;

    public AuditJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void append(Collection<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<AuditEvent> batch = List.copyOf(events);
        jdbc.batchUpdate(INSERT, batch, 1000, (ps, e) -> {
            ps.setTimestamp(1, Timestamp.from(e.recordedAt()));
            ps.setString(2, e.exchangeId());
            ps.setString(3, e.correlationId());
            ps.setString(4, e.step().name());
            ps.setString(5, e.outcome().name());
            ps.setString(6, e.sender());
            ps.setString(7, e.recipient());
            ps.setString(8, e.messageType());
            ps.setString(9, e.subject());
            ps.setString(10, e.purpose());
            ps.setString(11, e.payloadSha256());
            String detail = e.detail();
            ps.setString(12, detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
        });
    }

    /** The steps of one exchange in the order they were recorded. */
    public List<AuditEvent> journeyOf(String exchangeId) {
        return jdbc.query("""
                SELECT recorded_at, exchange_id, correlation_id, step, outcome, sender, recipient, message_type,
                       subject, purpose, payload_sha256, detail
                FROM audit_event WHERE exchange_id = ? ORDER BY id""", (rs, i) -> new AuditEvent(
                rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                AuditEvent.Step.valueOf(rs.getString(4)), AuditEvent.Outcome.valueOf(rs.getString(5)),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12)), exchangeId);
    }
}
