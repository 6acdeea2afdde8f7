package fr.spie.hub.audit;

import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditChain.Checkpoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads the journal's tables as they are, forged rows included: the verifier must see what an attacker left, and
 * the command line reads them without starting the hub (or its writer).
 */
public class AuditRecords {

    static final String COLUMNS = """
            id, seq, prev_hash, event_hash, recorded_at, exchange_id, correlation_id, step, outcome, sender, recipient,
            message_type, subject, purpose, payload_sha256, detail, persons, data_categories""";

    static final RowMapper<ChainedEvent> ROW = (rs, i) -> chained(rs);

    private static final RowMapper<Checkpoint> CHECKPOINT = (rs, i) -> new Checkpoint(rs.getLong(1), rs.getString(2),
            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5));

    private final JdbcTemplate jdbc;

    public AuditRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    static ChainedEvent chained(ResultSet rs) throws SQLException {
        AuditEvent event = new AuditEvent(rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("exchange_id"), rs.getString("correlation_id"),
                AuditEvent.Step.valueOf(rs.getString("step")), AuditEvent.Outcome.valueOf(rs.getString("outcome")),
                rs.getString("sender"), rs.getString("recipient"), rs.getString("message_type"),
                rs.getString("subject"), rs.getString("purpose"), rs.getString("payload_sha256"),
                rs.getString("detail"), AuditChain.split(rs.getString("persons")),
                AuditChain.split(rs.getString("data_categories")));
        long seq = rs.getLong("seq");
        return new ChainedEvent(rs.getLong("id"), rs.wasNull() ? -1 : seq, rs.getString("prev_hash"),
                rs.getString("event_hash"), event);
    }

    /**
     * The events of one exchange in chain order. The single writer inserts in chain order, so the row id orders the
     * chain (no index on seq: one fewer per write); a forged row has a later id, and the verifier names it.
     */
    public List<ChainedEvent> journeyOf(String exchangeId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_event WHERE exchange_id = ? ORDER BY id", ROW,
                exchangeId);
    }

    /** Every chained row up to row {@code maxId}, in the order written, streamed (the journal may be large). */
    public void forEachUpTo(long maxId, Consumer<ChainedEvent> consumer) {
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS
                    + " FROM audit_event WHERE id <= ? AND seq IS NOT NULL ORDER BY id");
            ps.setLong(1, maxId);
            ps.setFetchSize(1000);
            return ps;
        }, rs -> {
            consumer.accept(chained(rs));
        });
    }

    public List<Checkpoint> checkpointsUpTo(long maxSeq) {
        return jdbc.query("SELECT seq, event_hash, signed_at, public_key, signature FROM audit_checkpoint"
                + " WHERE seq <= ? ORDER BY seq", CHECKPOINT, maxSeq);
    }

    public Optional<Checkpoint> latestCheckpoint() {
        return jdbc.query("SELECT seq, event_hash, signed_at, public_key, signature FROM audit_checkpoint"
                + " ORDER BY seq DESC LIMIT 1", CHECKPOINT).stream().findFirst();
    }

    /**
     * What a verification reads while the writer goes on: the checkpoints signed so far, then every row up to the
     * last one written. Read in that order, every checkpoint's event is within the rows (they commit together).
     */
    public record Snapshot(long maxCheckpointSeq, long maxRowId) {
    }

    public Snapshot snapshot() {
        Long cp = jdbc.queryForObject("SELECT MAX(seq) FROM audit_checkpoint", Long.class);
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM audit_event", Long.class);
        return new Snapshot(cp == null ? 0 : cp, id == null ? 0 : id);
    }
}
