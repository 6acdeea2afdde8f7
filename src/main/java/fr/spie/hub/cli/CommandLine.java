package fr.spie.hub.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of {@code java -jar spie-hub.jar <command> ...}: runs a tool instead of the server. */
public final class CommandLine {

    /** A command of the jar: takes its arguments, prints its result, returns the process exit code. */
    public interface Command {
        String usage();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        // commands are registered here, one line each
        COMMANDS.put("generate", new GenerateCommand());
        COMMANDS.put("partners", new PartnersCommand());
        COMMANDS.put("consent", new ConsentCommand());
    }

    private CommandLine() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && (COMMANDS.containsKey(args[0]) || args[0].equals("help") || args[0].equals("--help"));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            out.println("Usage: java -jar spie-hub.jar [<command> ...]   (no command: run the hub)");
            COMMANDS.forEach((name, c) -> out.println("  " + c.usage()));
            return args[0].equals("help") || args[0].equals("--help") ? 0 : 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help")) {
            out.println("Usage: java -jar spie-hub.jar " + command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Usage: java -jar spie-hub.jar " + command.usage());
            return 2;
        } catch (Exception e) {
            err.println("Failed: " + e.getMessage());
            return 1;
        }
    }
}
