package fr.spie.hub.subjects;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which subject a partner's identifier belongs to. A link is made once, by a message that identifies the person
 * otherwise (NIR, matching keys); it is never moved silently: a second person claiming the same identifier is a
 * conflict the caller reports.
 */
@Component
public class IdentifierLinks {

    /** What linking an identifier found. */
    public enum Link { NEW, CONFIRMED, CONFLICT }

    private final JdbcTemplate jdbc;

    public IdentifierLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> subjectOf(String kind, String identifierHash) {
        List<String> found = jdbc.queryForList(
                "SELECT subject FROM subject_identifier WHERE kind = ? AND identifier_hash = ?", String.class, kind,
                identifierHash);
        return found.stream().findFirst();
    }

    /** Links the identifier to the subject unless it is linked to another one already. */
    public Link link(String kind, String identifierHash, String subject) {
        Optional<String> known = subjectOf(kind, identifierHash);
        if (known.isPresent()) {
            // a confirmation writes nothing: most messages confirm links, and the journal already says when
            return known.get().equals(subject) ? Link.CONFIRMED : Link.CONFLICT;
        }
        try {
            jdbc.update("INSERT INTO subject_identifier (kind, identifier_hash, subject, linked_at) VALUES (?, ?, ?, ?)",
                    kind, identifierHash, subject, Timestamp.from(Instant.now()));
            return Link.NEW;
        } catch (DuplicateKeyException raced) {
            // another consumer linked it in between: read what it decided
            return subjectOf(kind, identifierHash).filter(subject::equals).isPresent() ? Link.CONFIRMED : Link.CONFLICT;
        }
    }
}
