package fr.spie.hub.cli;

import fr.spie.hub.generate.CafFluxGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** {@code generate caf --households N}: writes synthetic partner data for demos and load tests. */
public final class GenerateCommand implements CommandLine.Command {

    /** Enough for any national flux; beyond, a typo is more likely than a wish. */
    private static final int MAX_HOUSEHOLDS = 10_000_000;
    private static final long DEFAULT_SEED = 1;

    @Override
    public String usage() {
        return "generate caf --households N [--out FILE] [--seed S] [--departement DDD] [--month YYYY-MM]"
                + "   (default out: data/generated/caf-flux-N.xml, seed " + DEFAULT_SEED + ", departement "
                + CafFluxGenerator.DEFAULT_DEPARTEMENT + ", month " + CafFluxGenerator.DEFAULT_REFERENCE_MONTH + ")"
                + "\n  " + FranceTravailExtract.generateUsage();
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals(FranceTravailExtract.KIND)) {
            return FranceTravailExtract.generate(java.util.Arrays.copyOfRange(args, 1, args.length), out);
        }
        if (args.length == 0 || !args[0].equals("caf")) {
            throw new IllegalArgumentException("generate needs a kind of data: 'caf' or 'france-travail'"
                    + (args.length == 0 ? "" : ", got '" + args[0] + "'"));
        }
        Integer households = null;
        Path file = null;
        long seed = DEFAULT_SEED;
        String departement = CafFluxGenerator.DEFAULT_DEPARTEMENT;
        YearMonth month = CafFluxGenerator.DEFAULT_REFERENCE_MONTH;
        for (int i = 1; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--households" -> households = parseHouseholds(value);
                case "--out" -> file = Path.of(value);
                case "--seed" -> seed = parseLong(option, value);
                case "--departement" -> departement = value;
                case "--month" -> month = parseMonth(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (households == null) {
            throw new IllegalArgumentException("--households is required");
        }
        CafFluxGenerator generator = new CafFluxGenerator(seed, departement, month);
        if (file == null) {
            file = dataDirectory().resolve("generated").resolve("caf-flux-" + households + ".xml");
        }

        long start = System.nanoTime();
        write(generator, households, file);
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = Files.size(file);
        out.printf(Locale.ROOT, "%s: %d households, %d bytes, %d bytes per household, %.2f s%n",
                file, households, bytes, households == 0 ? 0 : bytes / households, seconds);
        return 0;
    }

    private static void write(CafFluxGenerator generator, int households, Path file) throws Exception {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean written = false;
        try (OutputStream stream = Files.newOutputStream(file)) {
            generator.write(households, stream);
            written = true;
        } finally {
            if (!written) {
                // a truncated flux would look like a real one with a wrong trailer: leave nothing
                deleteQuietly(file);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
    }

    /** Everything the hub writes lives under ./data unless SPIE_HUB_DATA says otherwise. */
    private static Path dataDirectory() {
        String configured = System.getenv("SPIE_HUB_DATA");
        return Path.of(configured == null || configured.isBlank() ? "data" : configured);
    }

    private static int parseHouseholds(String value) {
        long count = parseLong("--households", value);
        if (count < 1 || count > MAX_HOUSEHOLDS) {
            throw new IllegalArgumentException("--households must be between 1 and " + MAX_HOUSEHOLDS + ", got "
                    + value);
        }
        return (int) count;
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static YearMonth parseMonth(String value) {
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--month must look like 2025-09, got '" + value + "'");
        }
    }
}
