package fr.spie.hub.cli;

import fr.spie.hub.generate.FranceTravailExtractGenerator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code generate france-travail --rows N} and {@code bench france-travail --rows N}: a synthetic "extract SPIE"
 * (France Travail's CSV) and the hub's intake rate on it: from the drop in {@code inbox/france-travail/extract-spie/}
 * of a hub started here on a temporary data folder to its report, every row validated against the row schema, mapped,
 * checked against the canonical schema, its job seeker linked to a pseudonym, stored durably and journaled.
 */
final class FranceTravailExtract {

    static final String KIND = "france-travail";
    private static final long DEFAULT_SEED = 42;
    private static final int DEFAULT_BENCH_ROWS = 50_000;

    private FranceTravailExtract() {
    }

    static String generateUsage() {
        return "generate " + KIND + " --rows N [--out FILE] [--seed S]   (default out: data/generated/"
                + "france-travail-extract-N.csv, seed " + DEFAULT_SEED + ")";
    }

    static String benchUsage() {
        return "bench " + KIND + " [--rows N] [--seed S]   (default " + DEFAULT_BENCH_ROWS + " rows: the intake rate of"
                + " the SPIE extract)";
    }

    /** @param args the arguments after {@code generate france-travail} */
    static int generate(String[] args, PrintStream out) throws Exception {
        Options options = Options.parse(args, null);
        Path file = options.out != null ? options.out : Path.of(System.getenv().getOrDefault("SPIE_HUB_DATA", "data"))
                .resolve("generated").resolve("france-travail-extract-" + options.rows + ".csv");
        long start = System.nanoTime();
        new FranceTravailExtractGenerator(options.seed).write(file, options.rows);
        out.printf(Locale.ROOT, "%s: %d rows, %d bytes, %.2f s%n", file, options.rows, Files.size(file),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** @param args the arguments after {@code bench france-travail} */
    static int bench(String[] args, PrintStream out) throws Exception {
        Options options = Options.parse(args, DEFAULT_BENCH_ROWS);
        Path work = Files.createTempDirectory("spie-bench-ft-");
        Path extract = work.resolve("extract-spie-" + options.rows + ".csv");
        new FranceTravailExtractGenerator(options.seed).write(extract, options.rows);
        out.printf(Locale.ROOT, "Generated %d rows (%d bytes); load: %s%n", options.rows, Files.size(extract),
                BenchCommand.uptime());
        try (BenchCommand.Hub hub = BenchCommand.Hub.start(work.resolve("data"))) {
            // France Travail sends two CSV batch types: the file goes in the extract's own folder of the inbox.
            Path inbox = Files.createDirectories(hub.data().resolve("inbox").resolve(KIND).resolve("extract-spie"));
            // Staged beside the inbox under a name it ignores, then moved: the clock measures the hub, not the copy.
            Path staged = hub.data().resolve("inbox").resolve(extract.getFileName() + ".staged");
            Files.copy(extract, staged, StandardCopyOption.COPY_ATTRIBUTES);
            Path report = hub.data().resolve("reports").resolve(extract.getFileName() + ".report.json");
            long start = System.nanoTime();
            Files.move(staged, inbox.resolve(extract.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            while (!Files.exists(report)) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long accepted = BenchCommand.acceptedIn(report);
            out.printf(Locale.ROOT, "France Travail extract: %d rows, %d accepted, %.1f s from drop to report, "
                    + "%.0f rows/s%n", options.rows, accepted, seconds, accepted / seconds);
            out.println("load after: " + BenchCommand.uptime());
            return accepted == options.rows ? 0 : 1;
        }
    }

    private record Options(Integer rows, Path out, long seed) {

        static Options parse(String[] args, Integer defaultRows) {
            Integer rows = defaultRows;
            Path out = null;
            long seed = DEFAULT_SEED;
            for (int i = 0; i < args.length; i += 2) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[i + 1];
                try {
                    switch (option) {
                        case "--rows" -> rows = Integer.parseInt(value);
                        case "--out" -> out = Path.of(value);
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> throw new IllegalArgumentException("unknown option " + option);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
                }
            }
            if (rows == null || rows < 0) {
                throw new IllegalArgumentException("--rows N (N >= 0) is required");
            }
            return new Options(rows, out, seed);
        }
    }
}
