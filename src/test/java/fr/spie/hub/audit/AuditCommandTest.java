package fr.spie.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar spie-hub.jar audit verify | export | keygen} on a journal of its own, tampered with JDBC. */
class AuditCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        return CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verifyNamesTheAlteredDeletedAndInsertedEventsAndFails() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("cli-tamper", 12);
            db.journal.close();
            db.journal = null;
            Path key = dir.resolve("key.pem");
            Files.writeString(key, AuditSigner.pem("PUBLIC KEY", db.keys.getPublic().getEncoded()));

            assertThat(run("audit", "verify", "--db-url", db.url, "--public-key", key.toString())).isZero();
            assertThat(output()).contains("VALID: ").contains("12 event(s)");

            db.jdbc.update("UPDATE audit_event SET subject = 'someone-else' WHERE seq = 2");
            db.jdbc.update("DELETE FROM audit_event WHERE seq = 6");
            db.jdbc.update("INSERT INTO audit_event (seq, prev_hash, event_hash, recorded_at, exchange_id, step,"
                    + " outcome) VALUES (10, ?, ?, CURRENT_TIMESTAMP, 'forged', 'DELIVERED', 'OK')",
                    "0".repeat(64), "1".repeat(64));
            long forged = db.jdbc.queryForObject("SELECT id FROM audit_event WHERE exchange_id = 'forged'", Long.class);

            assertThat(run("audit", "verify", "--db-url", db.url, "--public-key", key.toString())).isEqualTo(1);
            assertThat(output()).contains("INVALID: ").contains("3 problem(s)")
                    .contains("\"kind\" : \"ALTERED\"").contains("Event #2 was changed")
                    .contains("\"kind\" : \"DELETED\"").contains("Event #6 is missing")
                    .contains("\"kind\" : \"INSERTED\"").contains("\"rowId\" : " + forged);
        }
    }

    @Test
    void anExportVerifiesOfflineWithThePublicKeyFileAlone() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("cli-export", 5);
            db.journal.close();
            db.journal = null;
            Path export = dir.resolve("export.jsonl");
            assertThat(run("audit", "export", "--db-url", db.url, "--out", export.toString())).isZero();
            assertThat(output()).contains("5 event(s) exported");

            Path key = dir.resolve("key.pem");
            Files.writeString(key, AuditSigner.pem("PUBLIC KEY", db.keys.getPublic().getEncoded()));
            assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", key.toString())).isZero();
            assertThat(output()).contains("VALID: " + export).contains("signed up to #5");

            Files.writeString(export, Files.readString(export).replace("\"step 3\"", "\"step 33\""));
            assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", key.toString()))
                    .isEqualTo(1);
            assertThat(output()).contains("Event #4 was changed");
        }
    }

    @Test
    void keygenPrintsAKeyPairTheHubAccepts() {
        assertThat(run("audit", "keygen")).isZero();
        String privateKey = output().lines().filter(l -> !l.startsWith("#") && !l.startsWith("-----")).findFirst()
                .orElseThrow();
        AuditSigner signer = AuditSigner.fromPrivateKey(privateKey);
        assertThat(output()).contains(signer.publicKeyPem().trim());
    }
}
