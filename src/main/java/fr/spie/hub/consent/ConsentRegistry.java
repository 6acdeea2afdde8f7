package fr.spie.hub.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The consent records (table {@code consent_record}, Flyway V4), with each person's consents cached in memory: the
 * delivery route asks for them once per recipient of every event. Every change (a record, a withdrawal) moves the
 * generation on, which invalidates the whole cache at once: a consent change takes effect on the very next decision.
 */
public class ConsentRegistry implements ConsentLookup {

    private static final String COLUMNS = """
            id, subject, recipient, purposes, categories, consent_type, given_at, expires_at, withdrawn_at,
            collection_method, evidence_reference, collected_by, recorded_by, recorded_at""";

    /** A cached answer and the generation it was read in: an answer of an older generation is never used. */
    private record Cached(long generation, List<ConsentRecord> consents) {
    }

    private final JdbcTemplate jdbc;
    /** Bounded: a flux of a million people must not keep a million entries (the least used go first). */
    private final Cache<String, Cached> bySubject = Caffeine.newBuilder().maximumSize(50_000).build();
    private final AtomicLong generation = new AtomicLong();

    public ConsentRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ConsentRecord> consentsOf(String subject) {
        long current = generation.get();
        Cached cached = bySubject.getIfPresent(subject);
        if (cached != null && cached.generation() == current) {
            return cached.consents();
        }
        // Read after taking the generation: a change committed meanwhile moves it on, and this answer is then ignored.
        List<ConsentRecord> read = List.copyOf(jdbc.query("SELECT " + COLUMNS
                + " FROM consent_record WHERE subject = ? ORDER BY recorded_at, id", ConsentRegistry::row, subject));
        bySubject.put(subject, new Cached(current, read));
        return read;
    }

    @Override
    public long generation() {
        return generation.get();
    }

    /** Forgets every cached answer: after any consent change, and after the agreements change. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    public Optional<ConsentRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM consent_record WHERE id = ?", ConsentRegistry::row, id)
                .stream().findFirst();
    }

    public void record(ConsentRecord consent) {
        jdbc.update("INSERT INTO consent_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                consent.id(), consent.subject(), consent.recipient(), join(consent.purposes()),
                join(consent.categories()), consent.consentType(), ts(consent.givenAt()), ts(consent.expiresAt()),
                ts(consent.withdrawnAt()), consent.collectionMethod(), consent.evidenceReference(),
                consent.collectedBy(), consent.recordedBy(), ts(consent.recordedAt()));
        invalidate();
    }

    /** Sets the withdrawal time once; a second withdrawal changes nothing and answers false. */
    public boolean withdraw(String id, Instant at, String by) {
        int changed = jdbc.update("UPDATE consent_record SET withdrawn_at = ?, withdrawn_by = ? "
                + "WHERE id = ? AND withdrawn_at IS NULL", ts(at), by, id);
        invalidate();
        return changed == 1;
    }

    private static String join(Set<String> values) {
        return String.join(",", new TreeSet<>(values));
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Set<String> split(String joined) {
        return joined == null || joined.isEmpty() ? Set.of()
                : Set.copyOf(new LinkedHashSet<>(Arrays.asList(joined.split(","))));
    }

    private static ConsentRecord row(ResultSet rs, int i) throws SQLException {
        return new ConsentRecord(rs.getString("id"), rs.getString("subject"), rs.getString("recipient"),
                split(rs.getString("purposes")), split(rs.getString("categories")), rs.getString("consent_type"),
                instant(rs, "given_at"), instant(rs, "expires_at"), instant(rs, "withdrawn_at"),
                rs.getString("collection_method"), rs.getString("evidence_reference"), rs.getString("collected_by"),
                rs.getString("recorded_by"), instant(rs, "recorded_at"));
    }
}
