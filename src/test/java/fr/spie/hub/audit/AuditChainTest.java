package fr.spie.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.ChainVerifier.Kind;
import fr.spie.hub.audit.ChainVerifier.Problem;
import fr.spie.hub.audit.ChainVerifier.Verification;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The journal's tamper evidence against someone with write access to the database: each test alters, deletes or
 * inserts rows with plain JDBC in a journal of its own, and the verifier must name the event.
 */
class AuditChainTest {

    @Test
    void anUntouchedJournalVerifiesWithItsHeadAndCheckpoints() throws Exception {
        try (JournalDatabase db = new JournalDatabase(10)) {
            db.write("ex-ok", 25);
            Verification result = db.verify();
            assertThat(result.valid()).isTrue();
            assertThat(result.events()).isEqualTo(25);
            assertThat(result.checkpoints()).isEqualTo(2);
            assertThat(result.signedUpTo()).isEqualTo(20);
            assertThat(result.head()).isEqualTo(db.jdbc.queryForObject(
                    "SELECT event_hash FROM audit_event WHERE seq = 25", String.class));
        }
    }

    @Test
    void anAlteredFieldIsNamed() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("ex-alter", 10);
            db.jdbc.update("UPDATE audit_event SET recipient = 'mission-locale' WHERE seq = 4");
            db.jdbc.update("UPDATE audit_event SET persons = NULL WHERE seq = 7");
            Verification result = db.verify();
            assertThat(result.valid()).isFalse();
            assertThat(result.problems()).extracting(Problem::kind, Problem::seq)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, 4L),
                            org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, 7L));
        }
    }

    @Test
    void anAlteredHashOrLinkIsNamedOnce() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("ex-hash", 10);
            db.jdbc.update("UPDATE audit_event SET event_hash = ? WHERE seq = 3", "f".repeat(64));
            db.jdbc.update("UPDATE audit_event SET prev_hash = ? WHERE seq = 8", "e".repeat(64));
            Verification result = db.verify();
            assertThat(result.problems()).extracting(Problem::kind, Problem::seq)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, 3L),
                            org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, 8L));
        }
    }

    @Test
    void deletedEventsAreNamedByTheirNumbers() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("ex-delete", 12);
            db.jdbc.update("DELETE FROM audit_event WHERE seq IN (5, 6)");
            db.jdbc.update("DELETE FROM audit_event WHERE seq = 10");
            Verification result = db.verify();
            assertThat(result.valid()).isFalse();
            assertThat(result.problems()).extracting(Problem::kind).containsExactly(Kind.DELETED, Kind.DELETED);
            assertThat(result.problems().get(0).detail()).contains("#5 to #6");
            assertThat(result.problems().get(1).detail()).contains("#10 is missing");
        }
    }

    @Test
    void eventsDeletedAtTheEndAreFoundByTheSignedCheckpoint() throws Exception {
        try (JournalDatabase db = new JournalDatabase(5)) {
            db.write("ex-truncate", 10);
            db.jdbc.update("DELETE FROM audit_event WHERE seq > 7");
            Verification result = db.verify();
            assertThat(result.valid()).isFalse();
            assertThat(result.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Kind.DELETED);
                assertThat(p.detail()).contains("#8 to #10");
            });
        }
    }

    @Test
    void insertedEventsAreNamedByTheirRows() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("ex-insert", 8);
            // A forged event in the middle, copying its neighbour's number and link and with a well-formed hash...
            ChainedEvent genuine = new AuditRecords(db.jdbc).journeyOf("ex-insert").get(3);
            String forgedHash = AuditChain.hash(genuine.previousHash(), genuine.seq(), genuine.event());
            insert(db, genuine.seq(), genuine.previousHash(), forgedHash, "forged-in-the-middle");
            // ... and one at the end, after the last event.
            insert(db, 9, "a".repeat(64), "b".repeat(64), "forged-at-the-end");
            long middle = db.jdbc.queryForObject("SELECT id FROM audit_event WHERE exchange_id = 'forged-in-the-middle'",
                    Long.class);
            long end = db.jdbc.queryForObject("SELECT id FROM audit_event WHERE exchange_id = 'forged-at-the-end'",
                    Long.class);
            Verification result = db.verify();
            assertThat(result.valid()).isFalse();
            assertThat(result.problems()).extracting(Problem::kind, Problem::rowId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.INSERTED, middle),
                            org.assertj.core.groups.Tuple.tuple(Kind.INSERTED, end));
        }
    }

    @Test
    void aChainRewrittenFromSomePointIsCaughtByItsSignature() throws Exception {
        try (JournalDatabase db = new JournalDatabase(5)) {
            db.write("ex-rewrite", 10);
            // Someone who knows the algorithm changes event 3 and recomputes every hash after it: the chain links,
            // but the checkpoints signed for events 5 and 10 name the old hashes.
            db.jdbc.update("UPDATE audit_event SET recipient = 'cap-emploi' WHERE seq = 3");
            rehashFrom(db, 3);
            Verification result = db.verify();
            assertThat(result.valid()).isFalse();
            assertThat(result.problems()).extracting(Problem::kind, Problem::seq)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.CHECKPOINT_MISMATCH, 5L),
                            org.assertj.core.groups.Tuple.tuple(Kind.CHECKPOINT_MISMATCH, 10L));
            assertThat(result.problems().get(0).detail()).contains("events 1 to 5 were rewritten");
        }
    }

    @Test
    void aForgedCheckpointSignatureIsRefused() throws Exception {
        try (JournalDatabase db = new JournalDatabase(5)) {
            db.write("ex-signature", 5);
            db.jdbc.update("UPDATE audit_checkpoint SET signed_at = DATEADD('DAY', -1, signed_at) WHERE seq = 5");
            assertThat(db.verify().problems()).extracting(Problem::kind).containsExactly(Kind.BAD_SIGNATURE);
        }
    }

    @Test
    void purgingTheSealedPayloadsLeavesTheChainVerifiable() throws Exception {
        try (JournalDatabase db = new JournalDatabase(5)) {
            db.write("ex-purge", 6);
            db.jdbc.update("INSERT INTO dead_letter (id, exchange_id, recipient, reason, payload, recorded_at)"
                    + " VALUES ('dl-1', 'ex-purge', 'departement', 'refused', X'0102', CURRENT_TIMESTAMP)");
            db.jdbc.update("INSERT INTO quarantine (id, exchange_id, partner, message_type, record_index, reason,"
                    + " payload, recorded_at) VALUES ('q-1', 'ex-purge', 'caf', 'flux-rsa', 1, 'bad', X'03',"
                    + " CURRENT_TIMESTAMP)");
            // Retention: the sealed payloads are set to NULL, then the rows go; the journal never held them.
            db.jdbc.update("UPDATE dead_letter SET payload = NULL");
            db.jdbc.update("DELETE FROM quarantine WHERE exchange_id = 'ex-purge'");
            db.journal.append(List.of(new AuditEvent(java.time.Instant.now(), null, null,
                    AuditEvent.Step.PAYLOADS_PURGED, AuditEvent.Outcome.OK, null, null, null, null, null, null,
                    "2 payload(s) past retention purged")));
            db.jdbc.update("DELETE FROM dead_letter");
            Verification result = db.verify();
            assertThat(result.valid()).isTrue();
            assertThat(result.events()).isEqualTo(7);
        }
    }

    @Test
    void concurrentWritersShareTheSingleChain() throws Exception {
        try (JournalDatabase db = new JournalDatabase(100)) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String exchange = "ex-concurrent-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        db.journal.append(List.of(JournalDatabase.event(exchange, i),
                                JournalDatabase.event(exchange, i + 1)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            Verification result = db.verify();
            assertThat(result.valid()).isTrue();
            assertThat(result.events()).isEqualTo(600);
            assertThat(db.jdbc.queryForObject("SELECT COUNT(DISTINCT seq) FROM audit_event", Long.class))
                    .isEqualTo(600);
        }
    }

    @Test
    void twoWritersOnOneDatabaseTakeTurnsAndNeverForkTheChain() throws Exception {
        try (JournalDatabase db = new JournalDatabase(7)) {
            AuditJournal second = db.open(7);
            try {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    AuditJournal writer = t % 2 == 0 ? db.journal : second;
                    String exchange = "ex-two-writers-" + t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            writer.append(List.of(JournalDatabase.event(exchange, i)));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            } finally {
                second.close();
            }
            Verification result = db.verify();
            assertThat(result.valid()).as(result.problems().toString()).isTrue();
            assertThat(result.events()).isEqualTo(160);
        }
    }

    @Test
    void rowsWrittenBeforeTheChainAreChainedWhenTheJournalStarts() throws Exception {
        try (JournalDatabase db = new JournalDatabase(1000)) {
            db.write("ex-before", 2);
            db.journal.close();
            db.jdbc.update("INSERT INTO audit_event (recorded_at, exchange_id, step, outcome) VALUES"
                    + " (CURRENT_TIMESTAMP, 'ex-legacy', 'RECEIVED', 'OK')");
            db.journal = db.open(1000);
            db.write("ex-after", 1);
            Verification result = db.verify();
            assertThat(result.valid()).isTrue();
            assertThat(result.events()).isEqualTo(4);
            assertThat(db.jdbc.queryForObject("SELECT seq FROM audit_event WHERE exchange_id = 'ex-legacy'",
                    Long.class)).isEqualTo(3);
        }
    }

    @Test
    void anExportVerifiesOfflineWithThePublicKeyAloneAndNothingElse() throws Exception {
        try (JournalDatabase db = new JournalDatabase(4)) {
            db.write("ex-export", 10);
            db.journal.checkpoint();
            StringWriter export = new StringWriter();
            assertThat(AuditExport.write(new AuditRecords(db.jdbc), export)).isEqualTo(10);
            String file = export.toString();
            assertThat(file).doesNotContain("payload\"");

            Verification offline = AuditExport.verify(new BufferedReader(new StringReader(file)), db.keys.getPublic());
            assertThat(offline.valid()).isTrue();
            assertThat(offline.signedUpTo()).isEqualTo(10);

            String altered = file.replace("\"detail\":\"step 6\"", "\"detail\":\"step six\"");
            assertThat(altered).isNotEqualTo(file);
            Verification tampered = AuditExport.verify(new BufferedReader(new StringReader(altered)),
                    db.keys.getPublic());
            assertThat(tampered.problems()).extracting(Problem::kind).contains(Kind.ALTERED);

            Verification otherKey = AuditExport.verify(new BufferedReader(new StringReader(file)),
                    AuditSigner.generate().getPublic());
            assertThat(otherKey.valid()).isFalse();
            assertThat(otherKey.problems()).extracting(Problem::kind).contains(Kind.BAD_SIGNATURE);

            // Drop the last checkpoint: events 9 and 10 are then covered by no signature.
            String truncated = String.join("\n", file.lines().filter(l -> !(l.contains("\"type\":\"checkpoint\"")
                    && l.contains("\"seq\":10,"))).toList());
            assertThat(truncated.lines().count()).isEqualTo(file.lines().count() - 1);
            Verification cut = AuditExport.verify(new BufferedReader(new StringReader(truncated)),
                    db.keys.getPublic());
            assertThat(cut.problems()).extracting(Problem::kind).contains(Kind.UNSIGNED_HEAD);
        }
    }

    @Test
    void theSigningKeyIsReadFromItsPkcs8FormAndGivesItsPublicKey() {
        var keys = AuditSigner.generate();
        AuditSigner signer = AuditSigner.fromPrivateKey(AuditSigner.pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        assertThat(signer.publicKey().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        String signature = signer.sign("x".getBytes());
        assertThat(AuditSigner.verify(keys.getPublic(), "x".getBytes(), signature)).isTrue();
        assertThat(AuditSigner.verify(keys.getPublic(), "y".getBytes(), signature)).isFalse();
    }

    private static void insert(JournalDatabase db, long seq, String prev, String hash, String exchangeId) {
        db.jdbc.update("INSERT INTO audit_event (seq, prev_hash, event_hash, recorded_at, exchange_id, step, outcome)"
                + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, ?, 'DELIVERED', 'OK')", seq, prev, hash, exchangeId);
    }

    private static void rehashFrom(JournalDatabase db, long fromSeq) {
        List<ChainedEvent> rows = new ArrayList<>();
        new AuditRecords(db.jdbc).forEachUpTo(Long.MAX_VALUE, rows::add);
        String previous = rows.get((int) fromSeq - 2).hash();
        for (ChainedEvent row : rows.subList((int) fromSeq - 1, rows.size())) {
            String hash = AuditChain.hash(previous, row.seq(), row.event());
            db.jdbc.update("UPDATE audit_event SET prev_hash = ?, event_hash = ? WHERE id = ?", previous, hash,
                    row.rowId());
            previous = hash;
        }
    }
}
