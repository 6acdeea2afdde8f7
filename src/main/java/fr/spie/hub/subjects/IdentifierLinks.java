package fr.spie.hub.subjects;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which subject a partner's identifier belongs to. A link is made once, by a message that identifies the person
 * otherwise (NIR, matching keys); it is never moved silently: a second person claiming the same identifier is a
 * conflict the caller reports.
 *
 * <p>Because a link never moves, a link once read or made stays true: it is kept in memory ({@link #known}) and never
 * read again while it stays there, on every instance of a cluster alike. What is not known here may have been linked
 * by another instance, so an absence is always asked of the database: once per message for all of its identifiers
 * ({@link #lookup}), not once per identifier.
 *
 * <p>New links are decided in memory at once (so that the next record of the same flux sees them) and written in
 * groups ({@link #flush}) just before the broker commit of the messages that made them, by an insert that ignores a
 * row already there. Two instances that link the same identifier to two different persons within the same few
 * seconds both pass their messages on; the database keeps the first link, and the instance that lost reads it back,
 * takes it from then on and logs the conflict (kind only, never a value). A crash before the write loses nothing:
 * the messages that made the links were not committed either and are taken again.
 */
@Component
public class IdentifierLinks {

    private static final Logger log = LoggerFactory.getLogger(IdentifierLinks.class);

    /** What linking an identifier found. */
    public enum Link { NEW, CONFIRMED, CONFLICT }

    /** An identifier as the link table holds it: its kind and its keyed hash. */
    public record Key(String kind, String hash) {
    }

    /**
     * Links kept in memory at most (about 250 bytes each): 50,000 is a département's households several times, and
     * 12 MB, small beside the 512 MB a national flux runs in. Past it the memory is emptied and fills again.
     */
    static final int KNOWN_AT_MOST = 50_000;
    /** Identifiers looked up in one statement at most. */
    private static final int LOOKUP_AT_MOST = 64;

    private final JdbcTemplate jdbc;
    /** Links read from the database or written to it: a link never moves, so these are never stale. */
    private final Map<Key, String> known = new ConcurrentHashMap<>();
    /** Links decided here and not yet written: never forgotten before they are, whatever the size of {@link #known}. */
    private final Map<Key, String> unwritten = new ConcurrentHashMap<>();
    /** One writer at a time: two commits at once would only write the same rows twice. */
    private final ReentrantLock writing = new ReentrantLock();

    public IdentifierLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What is decided and not written yet goes in before the database closes (a message may be waiting on it). */
    @jakarta.annotation.PreDestroy
    void writeBeforeStopping() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("{} identifier link(s) not written at stop ({}): their messages make them again when taken again",
                    unwritten.size(), e.getClass().getSimpleName());
        }
    }

    /** The links of these identifiers, read in one statement for those not known here yet. */
    public Lookup lookup(Collection<Key> keys) {
        Map<Key, String> found = new HashMap<>();
        List<Key> toRead = new ArrayList<>();
        for (Key key : new LinkedHashSet<>(keys)) {
            String local = local(key);
            if (local != null) {
                found.put(key, local);
            } else {
                toRead.add(key);
            }
        }
        for (int from = 0; from < toRead.size(); from += LOOKUP_AT_MOST) {
            found.putAll(read(toRead.subList(from, Math.min(toRead.size(), from + LOOKUP_AT_MOST))));
        }
        return new Lookup(found, Set.copyOf(keys));
    }

    /** The subject an identifier is linked to, if any. */
    public Optional<String> subjectOf(String kind, String identifierHash) {
        return lookup(List.of(new Key(kind, identifierHash))).subjectOf(kind, identifierHash);
    }

    /** Links the identifier to the subject unless it is linked to another one already. */
    public Link link(String kind, String identifierHash, String subject) {
        return lookup(List.of(new Key(kind, identifierHash))).link(kind, identifierHash, subject);
    }

    /**
     * What the database said about a message's identifiers when it was looked up, with what this instance decided
     * since. Used by one message on one thread.
     */
    public final class Lookup {
        private final Map<Key, String> read;
        private final Set<Key> asked;

        private Lookup(Map<Key, String> read, Set<Key> asked) {
            this.read = read;
            this.asked = asked;
        }

        public Optional<String> subjectOf(String kind, String identifierHash) {
            Key key = new Key(kind, identifierHash);
            String local = local(key);
            if (local != null) {
                return Optional.of(local);
            }
            if (asked.contains(key)) {
                return Optional.ofNullable(read.get(key));
            }
            return Optional.ofNullable(IdentifierLinks.this.read(List.of(key)).get(key));
        }

        /** Links the identifier to the subject unless it is linked to another one already. */
        public Link link(String kind, String identifierHash, String subject) {
            Key key = new Key(kind, identifierHash);
            Optional<String> linked = subjectOf(kind, identifierHash);
            if (linked.isPresent()) {
                // a confirmation writes nothing: most messages confirm links, and the journal already says when
                return linked.get().equals(subject) ? Link.CONFIRMED : Link.CONFLICT;
            }
            // another thread of this instance may decide the same identifier at the same moment: the first one wins
            String first = unwritten.putIfAbsent(key, subject);
            if (first == null) {
                return Link.NEW;
            }
            return first.equals(subject) ? Link.CONFIRMED : Link.CONFLICT;
        }
    }

    /** Decided here or known to be in the database; null when the database has to be asked. */
    private String local(Key key) {
        String decided = unwritten.get(key);
        return decided != null ? decided : known.get(key);
    }

    /** One statement for all the keys: the primary key's index answers a row-value IN list. */
    private Map<Key, String> read(List<Key> keys) {
        // not padded to fewer distinct statements: each value of the list costs an index cursor, a parse does not
        StringBuilder sql = new StringBuilder(
                "SELECT kind, identifier_hash, subject FROM subject_identifier WHERE (kind, identifier_hash) IN (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        sql.append(')');
        Map<Key, String> found = new HashMap<>();
        jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < keys.size(); i++) {
                Key key = keys.get(i);
                ps.setString(2 * i + 1, key.kind());
                ps.setString(2 * i + 2, key.hash());
            }
        }, (ResultSet rs) -> {
            Key key = new Key(rs.getString(1), rs.getString(2));
            found.put(key, rs.getString(3));
        });
        remember(found);
        return found;
    }

    private void remember(Map<Key, String> links) {
        if (known.size() + links.size() > KNOWN_AT_MOST) {
            // crude but bounded: links are read again from the database when needed
            known.clear();
        }
        known.putAll(links);
    }

    /**
     * Writes the links decided here since the last call, in one transaction: called just before a broker commit of
     * the messages that made them (so they are in the database's file when the messages are accepted). A row already
     * there is left as it is; when it names another subject (another instance linked the identifier first), that
     * link is the one kept from now on.
     */
    public void flush() {
        if (unwritten.isEmpty()) {
            return;
        }
        writing.lock();
        try {
            Map<Key, String> batch = new HashMap<>(unwritten);
            if (batch.isEmpty()) {
                return;
            }
            // known before written, removed from unwritten after: a concurrent lookup always finds them somewhere
            remember(batch);
            List<Key> ignored = write(batch);
            int conflicts = 0;
            if (!ignored.isEmpty()) {
                Map<Key, String> there = read(ignored);
                for (Key key : ignored) {
                    String kept = there.get(key);
                    if (kept != null && !kept.equals(batch.get(key))) {
                        conflicts++;
                        known.put(key, kept);
                    }
                }
            }
            batch.forEach(unwritten::remove);
            if (conflicts > 0) {
                log.warn("{} identifier link(s) made here at the same time as another instance linked them to another "
                        + "person: the first link is kept, not merged, to be checked", conflicts);
            }
        } finally {
            writing.unlock();
        }
    }

    /** @return the keys whose row was there already */
    private List<Key> write(Map<Key, String> links) {
        List<Key> keys = new ArrayList<>(links.keySet());
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.execute((ConnectionCallback<List<Key>>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO subject_identifier (kind, identifier_hash, subject, linked_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                for (Key key : keys) {
                    ps.setString(1, key.kind());
                    ps.setString(2, key.hash());
                    ps.setString(3, links.get(key));
                    ps.setTimestamp(4, now);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                connection.commit();
                List<Key> there = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 1) { // 0: there already; a driver that cannot tell is checked too
                        there.add(keys.get(i));
                    }
                }
                return there;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }
}
