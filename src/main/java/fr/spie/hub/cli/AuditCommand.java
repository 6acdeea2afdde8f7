package fr.spie.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariDataSource;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditExport;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.audit.AuditProperties;
import fr.spie.hub.audit.AuditRecords;
import fr.spie.hub.audit.AuditSigner;
import fr.spie.hub.audit.ChainVerifier;
import fr.spie.hub.audit.ChainVerifier.Verification;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code audit verify | export | bench | keygen}: the audit journal from the command line, without starting the hub.
 * The database is the hub's (H2 file under {@code SPIE_HUB_DATA}, or {@code --db-url}); H2 lets one process in at a
 * time, so stop the hub first or use {@code GET /api/v1/audit/verify} on the running hub.
 */
final class AuditCommand implements CommandLine.Command {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String usage() {
        return "audit verify [--public-key key.pem] [--file export.jsonl] | audit export --out export.jsonl"
                + " | audit bench [--events N] [--threads T] | audit keygen   (database options: --db-url URL"
                + " --db-user U --db-password P; default the H2 file under SPIE_HUB_DATA or ./data)";
    }

    @Override
    public String help() {
        return """
                audit verify     walks the hash chain of the hub's journal and checks every signed checkpoint; prints
                                 each altered, deleted or inserted event (its number and database row); exit 1 if any
                audit verify --file export.jsonl --public-key key.pem
                                 checks an export offline, with the hub's published public key alone
                audit export --out export.jsonl
                                 writes the journal and its checkpoints (signs the head first when
                                 SPIE_HUB_AUDIT_SIGNING_KEY is set)
                audit bench --events 200000
                                 writes synthetic events through the real journal into a fresh H2 database and prints
                                 events per second, then verifies them
                audit keygen     prints a new Ed25519 key pair for spie.audit.signing-key
                Stop the hub first (H2 lets one process in), or use GET /api/v1/audit/verify on the running hub.""";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("audit needs a sub-command: verify, export, bench or keygen");
        }
        Map<String, String> options = options(args);
        return switch (args[0]) {
            case "verify" -> verify(options, out);
            case "export" -> export(options, out);
            case "bench" -> bench(options, out);
            case "keygen" -> keygen(out);
            default -> throw new IllegalArgumentException("unknown audit sub-command " + args[0]);
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private int verify(Map<String, String> options, PrintStream out) throws Exception {
        PublicKey key = options.containsKey("public-key")
                ? AuditSigner.publicKey(Files.readString(Path.of(options.get("public-key")))) : null;
        Verification result;
        String what;
        if (options.containsKey("file")) {
            if (key == null) {
                throw new IllegalArgumentException("--file needs --public-key: an export is checked against the"
                        + " hub's published key alone");
            }
            try (BufferedReader in = Files.newBufferedReader(Path.of(options.get("file")), StandardCharsets.UTF_8)) {
                result = AuditExport.verify(in, key);
            }
            what = options.get("file");
        } else {
            try (HikariDataSource db = database(options)) {
                result = ChainVerifier.verify(new AuditRecords(new JdbcTemplate(db)), key);
            }
            what = "the journal in " + databaseUrl(options);
        }
        out.println(JSON.writeValueAsString(result));
        out.println(result.valid()
                ? "VALID: " + what + ", " + result.events() + " event(s), head " + result.head() + ", signed up to #"
                + result.signedUpTo() + (key == null ? " (signatures checked with the key each checkpoint names;"
                + " pass --public-key to check them against the published key)" : "")
                : "INVALID: " + what + ", " + result.problemCount() + " problem(s)");
        return result.valid() ? 0 : 1;
    }

    private int export(Map<String, String> options, PrintStream out) throws Exception {
        String file = options.get("out");
        if (file == null) {
            throw new IllegalArgumentException("--out is required");
        }
        try (HikariDataSource db = database(options);
             Writer writer = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8)) {
            JdbcTemplate jdbc = new JdbcTemplate(db);
            String signingKey = System.getenv("SPIE_HUB_AUDIT_SIGNING_KEY");
            if (signingKey != null && !signingKey.isBlank()) {
                // With the key at hand the head is signed first, so that the whole export is covered.
                AuditJournal journal = new AuditJournal(db, settings(signingKey), AuditSigner.fromPrivateKey(signingKey));
                journal.close();
            }
            long events = AuditExport.write(new AuditRecords(jdbc), writer);
            out.println(file + ": " + events + " event(s) exported; check it with: java -jar spie-hub.jar audit verify"
                    + " --file " + file + " --public-key <the hub's public key, GET /api/v1/audit/public-key>");
        }
        return 0;
    }

    /**
     * Writes N synthetic events through the real journal (single writer, batch inserts, signed checkpoints) into a
     * fresh H2 file database, from several threads as the pipeline would, and prints the rate. Then verifies them.
     */
    private int bench(Map<String, String> options, PrintStream out) throws Exception {
        int events = Integer.parseInt(options.getOrDefault("events", "200000"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        int perAppend = Integer.parseInt(options.getOrDefault("batch", "14"));
        Path folder = Files.createTempDirectory("spie-audit-bench-");
        String url = "jdbc:h2:file:" + folder.resolve("bench") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        try (HikariDataSource db = dataSource(url, "spie", "")) {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            KeyPair keys = AuditSigner.generate();
            AuditJournal journal = new AuditJournal(db, new AuditProperties("", 1000, 60, 2000),
                    new AuditSigner(keys.getPrivate(), keys.getPublic()));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            int appends = (events + perAppend - 1) / perAppend;
            // The events are made before the clock starts: the pipeline makes them anyway, the journal is measured.
            List<List<AuditEvent>> batches = new ArrayList<>(appends);
            for (int a = 0; a < appends; a++) {
                List<AuditEvent> batch = new ArrayList<>(perAppend);
                for (int i = a * perAppend; i < Math.min(events, (a + 1) * perAppend); i++) {
                    batch.add(syntheticEvent(i));
                }
                batches.add(batch);
            }
            // CPU time as well as wall time: on a shared machine, events per CPU-second is the figure load does not skew.
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int a = thread; a < appends; a += threads) {
                        journal.append(batches.get(a));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            pool.shutdown();
            journal.close();
            long verifyStart = System.nanoTime();
            Verification verification = ChainVerifier.verify(journal.records(), keys.getPublic());
            double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
            out.printf(Locale.ROOT, "audit bench: %d events written in %.2f s = %,.0f events/s (%d threads, %d events"
                            + " per append, single writer, H2 file database %s)%n", events, seconds, events / seconds,
                    threads, perAppend, folder);
            out.printf(Locale.ROOT, "audit bench: CPU time of the hub process while writing %.2f s = %,.0f events per"
                    + " CPU-second (%d cores; wall-clock rate depends on the machine's load)%n", cpuSeconds,
                    events / cpuSeconds, Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "audit verify of the same journal: %s, %d events, %d checkpoints, %.2f s = %,.0f"
                            + " events/s%n", verification.valid() ? "VALID" : "INVALID", verification.events(),
                    verification.checkpoints(), verifySeconds, verification.events() / verifySeconds);
            return verification.valid() && verification.events() == events ? 0 : 1;
        } finally {
            deleteQuietly(folder);
        }
    }

    private static AuditEvent syntheticEvent(int i) {
        String exchange = "bench-" + (i / 14);
        return new AuditEvent(Instant.now(), exchange, exchange, Step.values()[i % 12], Outcome.OK, "caf",
                i % 2 == 0 ? "departement" : null, "flux-rsa", String.format("%064x", i / 14), "rsa-orientation",
                "%064x".formatted(i), "synthetic event " + i, i % 14 == 4 ? List.of("%064x".formatted(i / 14),
                "%064x".formatted(i / 14 + 1)) : List.of(), i % 14 == 5 ? List.of("identity", "rsa-rights") : List.of());
    }

    private int keygen(PrintStream out) {
        KeyPair keys = AuditSigner.generate();
        out.println("# private key: set it as SPIE_HUB_AUDIT_SIGNING_KEY (spie.audit.signing-key); keep it secret");
        out.println(Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        out.println("# public key: publish it (the hub serves it at /api/v1/audit/public-key)");
        out.print(AuditSigner.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        return 0;
    }

    private static AuditProperties settings(String signingKey) {
        return new AuditProperties(signingKey, 1000, 60, 2000);
    }

    private static String databaseUrl(Map<String, String> options) {
        String url = options.getOrDefault("db-url", System.getenv("SPIE_HUB_DB_URL"));
        if (url != null) {
            return url;
        }
        String data = System.getenv().getOrDefault("SPIE_HUB_DATA", "./data");
        return "jdbc:h2:file:" + Path.of(data).resolve("db/spie-hub") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE";
    }

    private static HikariDataSource database(Map<String, String> options) {
        return dataSource(databaseUrl(options), options.getOrDefault("db-user",
                System.getenv().getOrDefault("SPIE_HUB_DB_USER", "spie")), options.getOrDefault("db-password",
                System.getenv().getOrDefault("SPIE_HUB_DB_PASSWORD", "")));
    }

    private static HikariDataSource dataSource(String url, String user, String password) {
        HikariDataSource db = new HikariDataSource();
        db.setJdbcUrl(url);
        db.setUsername(user);
        db.setPassword(password);
        db.setMaximumPoolSize(4);
        return db;
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temporary folder left behind is harmless
        }
    }
}
