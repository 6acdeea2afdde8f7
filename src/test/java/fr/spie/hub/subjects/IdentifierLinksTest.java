package fr.spie.hub.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.subjects.IdentifierLinks.Key;
import fr.spie.hub.subjects.IdentifierLinks.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Links decided in memory, read in one statement per message, written in groups before the commit: what the table
 * holds, and what two hub instances sharing one database see when they link the same identifier at once.
 */
class IdentifierLinksTest {

    private final JdbcTemplate database = inMemoryDatabase();

    private static JdbcTemplate inMemoryDatabase() {
        DriverManagerDataSource source = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
        Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(source);
    }

    private List<String> rowsOf(String hash) {
        return database.queryForList("SELECT subject FROM subject_identifier WHERE kind = 'k' AND identifier_hash = ?",
                String.class, hash);
    }

    @Test
    void aNewLinkIsKnownAtOnceAndWrittenByTheFlushOnly() {
        IdentifierLinks links = new IdentifierLinks(database);
        assertThat(links.link("k", "h1", "subject-a")).isEqualTo(Link.NEW);
        assertThat(links.link("k", "h1", "subject-a")).isEqualTo(Link.CONFIRMED);
        assertThat(links.link("k", "h1", "subject-b")).isEqualTo(Link.CONFLICT);
        assertThat(rowsOf("h1")).isEmpty();

        links.flush();

        assertThat(rowsOf("h1")).containsExactly("subject-a");
        // another instance (or this one after a restart) reads it from the table
        IdentifierLinks restarted = new IdentifierLinks(database);
        assertThat(restarted.subjectOf("k", "h1")).contains("subject-a");
        assertThat(restarted.link("k", "h1", "subject-b")).isEqualTo(Link.CONFLICT);
        restarted.flush();
        assertThat(rowsOf("h1")).containsExactly("subject-a");
    }

    @Test
    void twoInstancesLinkingOneIdentifierToTwoPersonsKeepTheFirstWrittenOnBoth() {
        IdentifierLinks first = new IdentifierLinks(database);
        IdentifierLinks second = new IdentifierLinks(database);
        // both decide before either has written: each believes its own link for now
        assertThat(first.link("k", "h2", "subject-a")).isEqualTo(Link.NEW);
        assertThat(second.link("k", "h2", "subject-b")).isEqualTo(Link.NEW);

        first.flush();
        second.flush();

        assertThat(rowsOf("h2")).containsExactly("subject-a");
        // the one that lost takes the link kept from then on: the person of the later message is a conflict there
        assertThat(second.subjectOf("k", "h2")).contains("subject-a");
        assertThat(second.link("k", "h2", "subject-b")).isEqualTo(Link.CONFLICT);
        assertThat(second.link("k", "h2", "subject-a")).isEqualTo(Link.CONFIRMED);
    }

    @Test
    void oneLookupFindsExactlyTheLinkedIdentifiersWhateverTheirCount() {
        IdentifierLinks writer = new IdentifierLinks(database);
        for (int i = 0; i < 150; i += 3) {
            writer.link("k", "many-" + i, "subject-" + i);
        }
        writer.link("other-kind", "many-1", "subject-of-another-kind");
        writer.flush();

        IdentifierLinks reader = new IdentifierLinks(database);
        // one, a few, exactly one statement's 64 and beyond it
        for (int count : new int[] {1, 3, 5, 64, 65, 150}) {
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add(new Key("k", "many-" + i));
            }
            IdentifierLinks.Lookup lookup = new IdentifierLinks(database).lookup(keys);
            for (int i = 0; i < count; i++) {
                assertThat(lookup.subjectOf("k", "many-" + i)).as("identifier %d of %d", i, count)
                        .isEqualTo(i % 3 == 0 ? java.util.Optional.of("subject-" + i) : java.util.Optional.empty());
            }
        }
        assertThat(reader.subjectOf("other-kind", "many-1")).contains("subject-of-another-kind");
        assertThat(reader.subjectOf("k", "many-1")).isEmpty();
    }
}
