package fr.spie.hub.audit;

import com.zaxxer.hikari.HikariDataSource;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A journal of its own for tests that tamper with the tables: a real H2 file database migrated by the hub's Flyway
 * scripts, never the shared one (altering that would break every other test's verification).
 */
final class JournalDatabase implements AutoCloseable {

    final Path folder;
    final String url;
    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final KeyPair keys = AuditSigner.generate();
    AuditJournal journal;

    JournalDatabase(int checkpointEvery) throws Exception {
        folder = Files.createTempDirectory("spie-audit-test-");
        url = "jdbc:h2:file:" + folder.resolve("journal") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername("spie");
        dataSource.setPassword("");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        journal = open(checkpointEvery);
    }

    AuditJournal open(int checkpointEvery) {
        return new AuditJournal(dataSource, new AuditProperties("", checkpointEvery, 3600, 2000),
                new AuditSigner(keys.getPrivate(), keys.getPublic()));
    }

    ChainVerifier.Verification verify() {
        return ChainVerifier.verify(new AuditRecords(jdbc), keys.getPublic());
    }

    /** {@code count} events of exchange {@code exchangeId}, one append each. */
    void write(String exchangeId, int count) {
        for (int i = 0; i < count; i++) {
            journal.append(List.of(event(exchangeId, i)));
        }
    }

    static AuditEvent event(String exchangeId, int i) {
        return new AuditEvent(Instant.now(), exchangeId, "corr-" + exchangeId, Step.values()[i % 12], Outcome.OK,
                "caf", "departement", "flux-rsa", "subject-" + exchangeId, "rsa-orientation", "%064x".formatted(i),
                "step " + i, List.of("subject-" + exchangeId, "spouse-" + exchangeId), List.of("identity"));
    }

    List<Long> rowIds() {
        return new ArrayList<>(jdbc.queryForList("SELECT id FROM audit_event ORDER BY seq, id", Long.class));
    }

    @Override
    public void close() {
        if (journal != null) {
            journal.close();
        }
        dataSource.close();
    }
}
