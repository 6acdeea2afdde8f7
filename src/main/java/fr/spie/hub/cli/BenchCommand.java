package fr.spie.hub.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import fr.spie.hub.SpieHubApplication;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.generate.CafFluxGenerator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bench}: in one process and on one generated CAF flux, the raw StAX parse rate (the hardware's limit for this
 * file), the hub's end-to-end rate (the same file dropped in the inbox of a hub started here, on a temporary data
 * folder, until every household has reached both recipients' durable queues), their ratio, and a REST load of single
 * messages (202 only after durable storage). Both rates come from the same run because the machine's speed varies
 * from run to run: only their ratio compares across runs.
 */
public final class BenchCommand implements CommandLine.Command {

    private static final int DEFAULT_HOUSEHOLDS = 20_000;
    private static final int DEFAULT_REST_SECONDS = 15;
    private static final int DEFAULT_CONNECTIONS = 32;
    /**
     * Households of a first flux through the same hub before the measured one. A cold JVM spends a core on JIT
     * compilation for the first minutes (the profile in docs/performance.md: about one second of compiling per
     * second of run, for the first 10,000 households); a hub is a long-running server, so the measured flux is the
     * second one.
     */
    private static final int DEFAULT_WARMUP = 3_000;
    /** The CAF flux goes to the Département and to France Travail (config/partners/*.yaml). */
    private static final List<String> CAF_RECIPIENTS = List.of("departement", "france-travail");
    private static final String RECORD = "InfosFoyerRSA";

    @Override
    public String usage() {
        return "bench [--households N] [--warmup N] [--rest-seconds S] [--connections C] [--report FILE|none] [--keep]"
                + "   (default " + DEFAULT_HOUSEHOLDS + " households after a warm-up flux of " + DEFAULT_WARMUP
                + " (0: none), " + DEFAULT_REST_SECONDS + " s of REST load on "
                + DEFAULT_CONNECTIONS + " connections, report appended to docs/performance.md; run from the"
                + " repository root)\n  " + FranceTravailExtract.benchUsage();
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals(FranceTravailExtract.KIND)) {
            return FranceTravailExtract.bench(java.util.Arrays.copyOfRange(args, 1, args.length), out);
        }
        int households = DEFAULT_HOUSEHOLDS;
        int warmup = DEFAULT_WARMUP;
        int restSeconds = DEFAULT_REST_SECONDS;
        int connections = DEFAULT_CONNECTIONS;
        String report = "docs/performance.md";
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--keep")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--households" -> households = positive(option, value);
                case "--warmup" -> warmup = Math.max(0, parse(option, value));
                case "--rest-seconds" -> restSeconds = Math.max(0, parse(option, value));
                case "--connections" -> connections = positive(option, value);
                case "--report" -> report = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        String command = "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList()) + " -jar target/spie-hub.jar bench "
                + String.join(" ", args);
        command = command.replace("java  -jar", "java -jar").trim();

        Path work = Files.createTempDirectory("spie-bench-");
        try {
            Path flux = work.resolve("caf-flux-" + households + ".xml");
            out.printf(Locale.ROOT, "Generating %d households in %s ...%n", households, flux);
            try (OutputStream stream = Files.newOutputStream(flux)) {
                new CafFluxGenerator(1, CafFluxGenerator.DEFAULT_DEPARTEMENT).write(households, stream);
            }
            long bytes = Files.size(flux);
            String loadBefore = uptime();

            // The limit: a plain StAX pass reading every element and text, nothing else. Best of two (the first warms
            // the JIT up).
            RawParse raw = rawParse(flux);
            raw = best(raw, rawParse(flux));
            out.printf(Locale.ROOT, "Raw StAX parse: %d households in %.2f s: %.0f households/s (%.0f MB/s)%n",
                    raw.records, raw.seconds, raw.records / raw.seconds, bytes / raw.seconds / 1e6);

            Figures figures;
            Path warmupFlux = work.resolve("caf-warmup-" + warmup + ".xml");
            if (warmup > 0) {
                // Other people (another seed): nothing of it is a duplicate of the measured flux.
                try (OutputStream stream = Files.newOutputStream(warmupFlux)) {
                    new CafFluxGenerator(2, CafFluxGenerator.DEFAULT_DEPARTEMENT).write(warmup, stream);
                }
            }
            try (Hub hub = Hub.start(work.resolve("data"))) {
                if (warmup > 0) {
                    out.printf(Locale.ROOT, "Hub started on a temporary data folder; warm-up flux of %d households ...%n",
                            warmup);
                    EndToEnd warm = EndToEnd.run(hub, warmupFlux, CAF_RECIPIENTS, out);
                    out.printf(Locale.ROOT, "  warm-up: %.0f households/s, %.2f ms of CPU per household%n",
                            warm.rate(), warm.cpuMillisPerHousehold());
                }
                out.println("Dropping the measured flux in the inbox ...");
                EndToEnd e2e = EndToEnd.run(hub, flux, CAF_RECIPIENTS, out);
                RestLoad.Result rest = restSeconds == 0 ? null
                        : RestLoad.run(hub.httpPort(), connections, restSeconds, out);
                figures = new Figures(households, bytes, raw, e2e, rest, connections, warmup);
            }
            String loadAfter = uptime();
            String table = figures.table();
            out.println();
            out.print(table);
            out.println("uptime before: " + loadBefore);
            out.println("uptime after:  " + loadAfter);
            if (!report.equals("none")) {
                appendReport(Path.of(report), command, table, loadBefore, loadAfter);
                out.println("Figures appended to " + report);
            }
            return figures.e2e.complete() ? 0 : 1;
        } finally {
            if (keep) {
                out.println("Kept " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ raw StAX

    /** @param cpuSeconds the parsing thread's CPU time: what the pass costs whatever else the machine runs */
    record RawParse(long records, double seconds, double cpuSeconds) {

        double cpuRate() {
            return records / Math.max(1e-9, cpuSeconds);
        }
    }

    private static RawParse best(RawParse a, RawParse b) {
        return a.seconds <= b.seconds ? a : b;
    }

    /** Every event of the file read, every text materialised, households counted: what any reader must at least do. */
    static RawParse rawParse(Path flux) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long records = 0;
        long chars = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(flux), 1 << 16)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.CHARACTERS) {
                    chars += reader.getText().length();
                } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals(RECORD)) {
                    records++;
                }
            }
            reader.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (chars == 0) {
            throw new IllegalStateException("The flux has no text: not a CAF flux");
        }
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new RawParse(records, seconds, cpuSeconds);
    }

    // ------------------------------------------------------------------------------------------------ the hub

    /** A hub in this process, on its own data folder, free ports, quiet logs. */
    static final class Hub implements AutoCloseable {
        private final ConfigurableApplicationContext context;
        private final Path data;

        private Hub(ConfigurableApplicationContext context, Path data) {
            this.context = context;
            this.data = data;
        }

        static Hub start(Path data) throws IOException {
            Files.createDirectories(data);
            // Command-line arguments, not default properties: application.yaml's values would win over those.
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SpieHubApplication.class)
                    .logStartupInfo(false)
                    .run("--spie.data=" + data.toAbsolutePath(),
                            "--server.port=0",
                            "--server.address=127.0.0.1",
                            "--spie.broker.port=" + freePort(),
                            "--spie.batch.inbox-poll-millis=100",
                            "--spring.main.banner-mode=off",
                            "--logging.level.root=WARN",
                            "--logging.level.fr.spie.hub=WARN",
                            "--logging.level.org.apache.activemq=ERROR");
            return new Hub(context, data);
        }

        Path data() {
            return data;
        }

        int httpPort() {
            return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }

        ActiveMQConnectionFactory broker() {
            return context.getBean("hubConnectionFactory", ActiveMQConnectionFactory.class);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The accepted count, read from the head of a report that may hold a million outcomes. */
    static long acceptedIn(Path report) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(report.toFile())) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && parser.currentName().equals("accepted")
                        && parser.getParsingContext().getParent().inRoot()) {
                    parser.nextToken();
                    return parser.getLongValue();
                }
            }
        }
        throw new IOException("No accepted count in " + report);
    }

    // ------------------------------------------------------------------------------------------------ report

    record Figures(int households, long bytes, RawParse raw, EndToEnd e2e, RestLoad.Result rest, int connections,
                   int warmup) {

        String table() {
            StringBuilder t = new StringBuilder();
            double rawRate = raw.records / raw.seconds;
            double e2eRate = e2e.rate();
            t.append(String.format(Locale.ROOT, "| %-48s | %-32s |%n", "Measure", "Figure"));
            t.append(String.format(Locale.ROOT, "|%s|%s|%n", "-".repeat(50), "-".repeat(34)));
            row(t, "CAF flux", String.format(Locale.ROOT, "%d households, %.1f MB (%d B each)", households,
                    bytes / 1e6, bytes / Math.max(1, households)));
            row(t, "Raw StAX parse (the limit)", String.format(Locale.ROOT, "%.0f households/s, %.0f MB/s",
                    rawRate, bytes / raw.seconds / 1e6));
            row(t, "Warm-up flux before, same hub", warmup == 0 ? "none (cold JVM)"
                    : String.format(Locale.ROOT, "%d households", warmup));
            row(t, "End to end, file to 2 durable queues", String.format(Locale.ROOT,
                    "%.0f households/s (%.1f s)", e2eRate, e2e.seconds()));
            row(t, "  accepted / delivered / duplicates", String.format(Locale.ROOT, "%d / %d / %s",
                    e2e.accepted(), e2e.delivered(), e2e.duplicates() < 0 ? "not checked" : e2e.duplicates()));
            row(t, "  of which file read and stored (202 point)", String.format(Locale.ROOT, "%.1f s",
                    e2e.storedSeconds()));
            row(t, "  CPU per household (all threads of the process)", String.format(Locale.ROOT,
                    "%.2f ms (%.0f s of CPU)", e2e.cpuMillisPerHousehold(), e2e.cpuSeconds()));
            row(t, "  rate that CPU cost allows on idle cores", String.format(Locale.ROOT, "%.0f households/s",
                    e2e.rateOnIdleCores()));
            row(t, "  heap used at most (garbage included, 100 ms)", String.format(Locale.ROOT, "%d MB of %d MB",
                    e2e.heapPeakBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20));
            row(t, "Ratio end to end / raw", String.format(Locale.ROOT, "%.3f", e2eRate / rawRate));
            // Both on CPU time: what the two would do on idle cores; far steadier than elapsed time on a busy machine.
            row(t, "Ratio on CPU time (idle-cores rate / raw CPU rate)", String.format(Locale.ROOT,
                    "%.3f (raw %.0f households per CPU second)", e2e.rateOnIdleCores() / raw.cpuRate(),
                    raw.cpuRate()));
            if (rest != null) {
                row(t, "REST, " + connections + " connections, single messages", String.format(Locale.ROOT,
                        "%.0f accepted/s (%d in %.0f s)", rest.throughput(), rest.accepted(), rest.seconds()));
                row(t, "  latency p50 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                        rest.p50Millis(), rest.p99Millis(), rest.maxMillis()));
                row(t, "  non-202 answers", String.valueOf(rest.failed()));
            }
            row(t, "Machine", Runtime.getRuntime().availableProcessors() + " cores, max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, Java " + System.getProperty(
                    "java.version"));
            return t.toString();
        }

        private static void row(StringBuilder t, String measure, String figure) {
            t.append(String.format(Locale.ROOT, "| %-48s | %-32s |%n", measure, figure));
        }
    }

    private static void appendReport(Path file, String command, String table, String loadBefore, String loadAfter)
            throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "# Performance\n\nRuns of `bench` are appended below.\n\n## Runs\n");
        }
        String block = "\n### " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n```\n" + command + "\n```\n\n"
                + table + "\n`uptime` before: `" + loadBefore + "`; after: `" + loadAfter + "`\n";
        Files.writeString(file, block, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The machine's load, printed with every figure: the machine is shared and figures are noisy. */
    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return text;
        } catch (IOException | InterruptedException e) {
            try {
                return "loadavg " + Files.readString(Path.of("/proc/loadavg")).trim();
            } catch (IOException ignored) {
                return "load unknown";
            }
        }
    }

    private static int parse(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static int positive(String option, String value) {
        int n = parse(option, value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return n;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary folder: the OS cleans what is left
                }
            });
        } catch (IOException ignored) {
            // idem
        }
    }
}
