package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The files of batch records are registered with their first keys, so that a file never seen needs no lookups. */
class IntakeRegistryTest {

    private static DriverManagerDataSource database() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
    }

    @Test
    void aFileIsSeenOnceOneOfItsRecordsIsRegisteredAndAMessageKeyNamesNoFile() {
        DriverManagerDataSource source = database();
        Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
        IntakeRegistry registry = new IntakeRegistry(new JdbcTemplate(source));
        assertThat(registry.fileSeen("caf", "sha256:aaa")).isFalse();

        registry.registerPending(List.of(new IntakeRegistry.Entry("caf", "sha256:aaa#7", "ex-7", "flux-rsa"),
                new IntakeRegistry.Entry("caf", "sha256:aaa#9", "ex-9", "flux-rsa"),
                new IntakeRegistry.Entry("caf", "sha256:bbb", "ex-b", "single")));

        assertThat(registry.fileSeen("caf", "sha256:aaa")).isTrue();
        assertThat(registry.fileSeen("msa", "sha256:aaa")).isFalse();
        assertThat(registry.fileSeen("caf", "sha256:bbb")).isFalse();
        // a later chunk of the same file registers its keys; the file's row is there already and stays one
        registry.registerPending(List.of(new IntakeRegistry.Entry("caf", "sha256:aaa#201", "ex-201", "flux-rsa")));
        assertThat(new JdbcTemplate(source).queryForObject("SELECT COUNT(*) FROM intake_file WHERE partner = 'caf'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void aGroupRefusedForADuplicateKeyLeavesNoFileBehind() {
        DriverManagerDataSource source = database();
        Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
        IntakeRegistry registry = new IntakeRegistry(new JdbcTemplate(source));
        registry.registerPending(List.of(new IntakeRegistry.Entry("caf", "id:m1", "ex-1", "single")));
        assertThatThrownBy(() -> registry.registerPending(List.of(
                new IntakeRegistry.Entry("caf", "sha256:ccc#1", "ex-c", "flux-rsa"),
                new IntakeRegistry.Entry("caf", "id:m1", "ex-2", "single"))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(registry.fileSeen("caf", "sha256:ccc")).isFalse();
    }

    @Test
    void theMigrationRegistersTheFilesOfKeysWrittenBeforeIt() {
        DriverManagerDataSource source = database();
        Flyway.configure().dataSource(source).locations("classpath:db/migration").target("5").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(source);
        for (String key : List.of("sha256:old#1", "sha256:old#2", "sha256:single-message", "id:x#1")) {
            jdbc.update("INSERT INTO intake_key (partner, intake_key, exchange_id, message_type, received_at, committed)"
                    + " VALUES ('caf', ?, ?, 't', CURRENT_TIMESTAMP, TRUE)", key, UUID.randomUUID().toString());
        }
        Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();

        IntakeRegistry registry = new IntakeRegistry(jdbc);
        assertThat(registry.fileSeen("caf", "sha256:old")).isTrue();
        assertThat(jdbc.queryForList("SELECT file_key FROM intake_file", String.class)).containsExactly("sha256:old");
    }
}
