package fr.spie.hub.resilience;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The common part of the dead-letter and quarantine tables: sealed payload, reason, replay marks. */
final class SealedRows {

    private final JdbcTemplate jdbc;
    private final PayloadVault vault;
    private final ObjectMapper json;
    private final String table;
    private final String kind;
    private final String partnerColumn;
    private final String recordColumn;

    SealedRows(JdbcTemplate jdbc, PayloadVault vault, ObjectMapper json, String table, String kind,
               String partnerColumn, String recordColumn) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.json = json;
        this.table = table;
        this.kind = kind;
        this.partnerColumn = partnerColumn;
        this.recordColumn = recordColumn;
    }

    byte[] seal(byte[] payload, String id) {
        return payload == null ? null : vault.seal(payload, id);
    }

    List<KeptPayloads.Entry> list(String partner, String exchangeId, boolean pendingOnly, int limit) {
        StringBuilder sql = new StringBuilder(select()).append(" WHERE 1 = 1");
        List<Object> args = new java.util.ArrayList<>();
        if (partner != null) {
            sql.append(" AND ").append(partnerColumn).append(" = ?");
            args.add(partner);
        }
        if (exchangeId != null) {
            sql.append(" AND exchange_id = ?");
            args.add(exchangeId);
        }
        if (pendingOnly) {
            sql.append(" AND replayed_at IS NULL");
        }
        sql.append(" ORDER BY recorded_at DESC, id LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.query(sql.toString(), this::entry, args.toArray());
    }

    Optional<KeptPayloads.Entry> find(String id) {
        return jdbc.query(select() + " WHERE id = ?", this::entry, id).stream().findFirst();
    }

    /** The payload, opened; empty once purged. */
    Optional<byte[]> payload(String id) {
        List<byte[]> sealed = jdbc.query("SELECT payload FROM " + table + " WHERE id = ? AND payload IS NOT NULL",
                (rs, i) -> rs.getBytes(1), id);
        return sealed.stream().findFirst().map(p -> vault.open(p, id));
    }

    /** Marks the row replayed, once: false when another replay got there first. */
    boolean markReplayed(String id, String replayExchangeId) {
        return jdbc.update("UPDATE " + table + " SET replayed_at = ?, replay_exchange_id = ? WHERE id = ? "
                + "AND replayed_at IS NULL", Timestamp.from(Instant.now()), replayExchangeId, id) == 1;
    }

    /** Forgets a replay that could not be started, so that it can be tried again. */
    void unmarkReplayed(String id) {
        jdbc.update("UPDATE " + table + " SET replayed_at = NULL, replay_exchange_id = NULL WHERE id = ?", id);
    }

    int purgeBefore(Instant limit) {
        return jdbc.update("UPDATE " + table + " SET payload = NULL WHERE payload IS NOT NULL AND recorded_at < ?",
                Timestamp.from(limit));
    }

    private String select() {
        return "SELECT id, exchange_id, " + partnerColumn + ", message_type, " + recordColumn + ", reason, recorded_at, "
                + "payload IS NOT NULL, replayed_at, replay_exchange_id FROM " + table;
    }

    private KeptPayloads.Entry entry(ResultSet rs, int row) throws SQLException {
        Timestamp replayed = rs.getTimestamp(9);
        Object record = rs.getObject(5);
        return new KeptPayloads.Entry(rs.getString(1), kind, rs.getString(2), rs.getString(3), rs.getString(4),
                record instanceof Number n ? n.intValue() : null, reason(rs.getString(6)),
                rs.getTimestamp(7).toInstant(), rs.getBoolean(8), replayed == null ? null : replayed.toInstant(),
                rs.getString(10));
    }

    private JsonNode reason(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    String reasonText(Object reason) {
        if (reason instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(reason);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A reason must serialise to JSON", e);
        }
    }
}
