package fr.spie.hub.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code java -jar spie-hub.jar <command> ...}: runs a tool instead of the server. Exit codes are the
 * same for every command, so that a partner's CI can rely on them: see {@link #OK}, {@link #FAILURES},
 * {@link #USAGE}, {@link #ERROR}.
 */
public final class CommandLine {

    /** The command did what was asked and found nothing wrong. */
    public static final int OK = 0;
    /** The command ran and found failures: an example that does not match, an invalid file, a broken chain. */
    public static final int FAILURES = 1;
    /** The command line itself is wrong: unknown command or option, missing argument. Nothing was run. */
    public static final int USAGE = 2;
    /** The command could not run: a file that cannot be read, a configuration that does not load. */
    public static final int ERROR = 3;

    /** A command of the jar: takes its arguments, prints its result, returns the process exit code. */
    public interface Command {
        /** One line: the command and its arguments. */
        String usage();

        /** A few lines shown by {@code --help} under the usage line: what it does, what it prints, exit codes. */
        default String help() {
            return "";
        }

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        // commands are registered here, one line each; a two-word command ("mapping test") is registered by its
        // first word and reads the second itself
        COMMANDS.put("mapping", new MappingTestCommand());
        COMMANDS.put("schema", new SchemaValidateCommand());
        COMMANDS.put("partners", new PartnersCommand());
        COMMANDS.put("audit", new AuditCommand());
        COMMANDS.put("generate", new GenerateCommand());
        COMMANDS.put("bench", new BenchCommand());
        COMMANDS.put("consent", new ConsentCommand());
    }

    private static final List<String> HELP = List.of("help", "--help", "-h");

    private CommandLine() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && (COMMANDS.containsKey(args[0]) || HELP.contains(args[0]));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Command command = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (command == null) {
            boolean asked = args.length > 0 && HELP.contains(args[0]);
            PrintStream to = asked ? out : err;
            if (!asked) {
                to.println(args.length == 0 ? "No command given." : "Unknown command '" + args[0] + "'.");
            }
            printOverview(to);
            return asked ? OK : USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.stream(rest).anyMatch(HELP::contains)) {
            out.println("Usage: java -jar spie-hub.jar " + command.usage());
            if (!command.help().isEmpty()) {
                out.println();
                out.println(command.help().strip());
            }
            out.println();
            out.println(EXIT_CODES);
            return OK;
        }
        try {
            return command.run(rest, out, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Usage: java -jar spie-hub.jar " + command.usage());
            err.println("(java -jar spie-hub.jar " + args[0] + " --help for details)");
            return USAGE;
        } catch (Exception e) {
            err.println("Failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return ERROR;
        }
    }

    static final String EXIT_CODES = "Exit codes: 0 ok, 1 failures found, 2 usage error (nothing run), "
            + "3 could not run (unreadable file or configuration).";

    private static void printOverview(PrintStream out) {
        out.println("Usage: java -jar spie-hub.jar [<command> ...]   (no command: run the hub)");
        out.println();
        COMMANDS.values().forEach(c -> out.println("  " + c.usage()));
        out.println();
        out.println("Each command takes --help. " + EXIT_CODES);
    }
}
