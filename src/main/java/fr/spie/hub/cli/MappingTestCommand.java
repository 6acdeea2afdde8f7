package fr.spie.hub.cli;

import fr.spie.hub.mapping.MappingExamples;
import fr.spie.hub.validation.JsonSchemas;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code mapping test [path]}: runs the examples of the mappings the partner files reference and prints, for each
 * failing one, every difference as "path: expected X, actual Y". The path is either a hub home (a folder holding
 * {@code config/partners/}) or a folder inside one ({@code mappings/departement}, {@code mappings/caf/flux-rsa}): then
 * only the mappings under it are tested. Meant for a partner's CI as much as for the integrator's terminal.
 */
final class MappingTestCommand implements CommandLine.Command {

    static final String PARTNER_FILES = "config/partners";

    @Override
    public String usage() {
        return "mapping test [path]   (a hub home or a folder under mappings/; default: the current directory)"
                + "\n  mapping bench [--households N] [--rounds R]   (CPU per household of mapping and validation)";
    }

    @Override
    public String help() {
        return """
                Runs every example (examples/<name>.input.json|xml next to a mapping, compared with
                <name>.expected.json) of the mappings named in config/partners/*.yaml, and checks each result against
                its schema (the canonical event schema, or the subscriber's schema). Prints PASSED/FAILED per example
                with each difference as "$.path: expected X, actual Y", then a summary line. A mapping without any
                example is a failure: every mapping carries its proof.
                  java -jar spie-hub.jar mapping test                      # the whole hub in the current directory
                  java -jar spie-hub.jar mapping test mappings/departement # one partner's mappings
                  java -jar spie-hub.jar mapping test /path/to/hub-copy    # another hub home

                mapping bench generates N CAF households (default 2,000), reads them as the batch intake does, then
                times, in R rounds (default 6) on one thread, each mapping and validation step a household goes
                through (to canonical, canonical schema, each subscriber's mapping and schema): microseconds of CPU
                per household and step, best of the second half of the rounds (the first ones include JIT warm-up).
                  java -jar spie-hub.jar mapping bench --households 2000 --rounds 6""";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            return MappingBench.run(java.util.Arrays.copyOfRange(args, 1, args.length), out);
        }
        if (args.length == 0 || !args[0].equals("test")) {
            throw new IllegalArgumentException("mapping needs a sub-command: 'test' or 'bench'"
                    + (args.length == 0 ? "" : ", got '" + args[0] + "'"));
        }
        if (args.length > 2) {
            throw new IllegalArgumentException("mapping test takes at most one path");
        }
        Path target = Path.of(args.length == 2 ? args[1] : "").toAbsolutePath().normalize();
        if (!Files.exists(target)) {
            throw new IllegalArgumentException("no such file or folder: " + target);
        }
        Path home = homeOf(target);
        if (home == null) {
            throw new IllegalArgumentException(target + " is not inside a hub home (no " + PARTNER_FILES
                    + "/ in it or above it)");
        }
        JsonSchemas schemas = new JsonSchemas();
        MappingExamples examples = MappingExamples.of(home, schemas::validate);
        List<MappingExamples.Example> selected = examples.examples().stream()
                .filter(e -> home.resolve(e.mapping()).normalize().startsWith(target)).toList();
        List<String> withoutExamples = examples.mappingsWithoutExamples().stream()
                .filter(m -> home.resolve(m).normalize().startsWith(target)).toList();

        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (MappingExamples.Example example : selected) {
            MappingExamples.Result result = examples.run(example);
            out.println(result.report());
            switch (result.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        for (String mapping : withoutExamples) {
            out.println("FAILED " + mapping + "\n  no example: add examples/<name>.input.json and <name>.expected.json"
                    + " next to it");
            failed++;
        }
        out.printf("%d passed, %d failed, %d skipped (%s)%n", passed, failed, skipped, home.relativize(target)
                .toString().isEmpty() ? home : home.relativize(target));
        if (selected.isEmpty() && withoutExamples.isEmpty()) {
            err.println("No mapping referenced by " + home.resolve(PARTNER_FILES) + " lives under " + target);
            return CommandLine.FAILURES;
        }
        return failed == 0 ? CommandLine.OK : CommandLine.FAILURES;
    }

    /** The nearest folder at or above {@code path} that holds the partner files. */
    static Path homeOf(Path path) {
        for (Path dir = Files.isDirectory(path) ? path : path.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(PARTNER_FILES))) {
                return dir;
            }
        }
        return null;
    }
}
