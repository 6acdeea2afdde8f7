package fr.spie.hub.resilience;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each partner already handed over ({@code intake_key}): the idempotent repository behind "the same message or
 * the same file twice is a duplicate". Keys are a partner message id or payload hashes, never content.
 */
@Component
public class IntakeRegistry {

    /** A key the hub has seen: under which exchange id, and whether its broker commit is known to have happened. */
    public record Known(String exchangeId, boolean committed) {
    }

    /** A key to register with the exchange it was accepted as. */
    public record Entry(String partner, String key, String exchangeId, String messageType) {
    }

    private final JdbcTemplate jdbc;

    public IntakeRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Known> find(String partner, String key) {
        List<Known> found = jdbc.query("SELECT exchange_id, committed FROM intake_key WHERE partner = ? AND intake_key = ?",
                (rs, i) -> new Known(rs.getString(1), rs.getBoolean(2)), partner, key);
        return found.stream().findFirst();
    }

    /**
     * Whether any record of this batch file was ever registered (pending or committed). False: every record of the
     * file is new, no need to look its key up; a second copy of the file arriving meanwhile is stopped by the keys'
     * primary key at commit, as a lookup racing with the other copy's commit would be.
     *
     * @param fileKey {@code sha256:<hash of the whole file>}, the part of its records' keys before {@code #}
     */
    public boolean fileSeen(String partner, String fileKey) {
        return !jdbc.queryForList("SELECT 1 FROM intake_file WHERE partner = ? AND file_key = ?", Integer.class,
                partner, fileKey).isEmpty();
    }

    /** {@code sha256:<file>#12} → {@code sha256:<file>}; null for a message's own key (no record position). */
    static String fileKeyOf(String key) {
        int hash = key.lastIndexOf('#');
        return key.startsWith("sha256:") && hash > 0 ? key.substring(0, hash) : null;
    }

    /**
     * Written just before the broker commit: a crash after this line leaves "pending" rows, resolved on re-send. All
     * the entries or none (one transaction): when one key is already there (the same message sent twice at once), no
     * other entry of the group stays registered, so the group can be redone one by one.
     */
    public void registerPending(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement files = connection.prepareStatement("""
                    INSERT INTO intake_file (partner, file_key, first_seen_at) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""");
                 PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO intake_key (partner, intake_key, exchange_id, message_type, received_at, committed)
                    VALUES (?, ?, ?, ?, ?, FALSE)""")) {
                for (Entry e : entries) {
                    ps.setString(1, e.partner());
                    ps.setString(2, e.key());
                    ps.setString(3, e.exchangeId());
                    ps.setString(4, e.messageType());
                    ps.setTimestamp(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
                // the files these records come from, so that fileSeen answers for all their records at once
                Set<List<String>> fileOf = new LinkedHashSet<>();
                for (Entry e : entries) {
                    String file = fileKeyOf(e.key());
                    if (file != null && fileOf.add(List.of(e.partner(), file))) {
                        files.setString(1, e.partner());
                        files.setString(2, file);
                        files.setTimestamp(3, now);
                        files.addBatch();
                    }
                }
                if (!fileOf.isEmpty()) {
                    files.executeBatch();
                }
                connection.commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    /** Written just after the broker commit. */
    public void markCommitted(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("UPDATE intake_key SET committed = TRUE WHERE partner = ? AND intake_key = ?",
                List.copyOf(entries), 500, (ps, e) -> {
                    ps.setString(1, e.partner());
                    ps.setString(2, e.key());
                });
    }
}
