package fr.spie.hub.mapping;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import java.util.List;
import java.util.Map;

/**
 * Faster stand-ins for the JSONata built-ins the mappings call most ({@code $trim} and {@code $exists}: the CAF
 * mapping's {@code $text} helper calls them about a hundred times per household; {@code $count}, {@code $keys} and
 * {@code $lookup}: every {@code $some}, {@code $list} and {@code $label} helper). The dashjoin engine checks every
 * built-in call against its signature by compiling a regular expression per call ({@code Signature.validate} splits
 * the matched signature with {@code String.split("")}), and its {@code $trim} compiles another ({@code replaceAll}):
 * together about a third of the CAF mapping's time in the profile (docs/performance.md).
 *
 * <p>Each stand-in takes only the plain case whose answer is certain (one string for {@code $trim}, one argument that
 * is not a sequence for {@code $exists}, one object for {@code $keys}, an object and a string for {@code $lookup})
 * and hands every other call, unchanged, to the engine's own function with its
 * signature check: same results, same errors.
 */
final class BuiltinShortcuts {

    /** What a plain case answers when the call is not plain: the built-in takes it. */
    private static final Object NOT_TAKEN = new Object();

    /** {@code $trim}: runs of space, tab, CR, LF become one space, and a leading and a trailing space are removed. */
    static final JFunction TRIM = shortcut("trim", (input, args) -> args.size() == 1 && args.get(0) instanceof String s
            ? trim(s) : NOT_TAKEN);

    /** {@code $exists}: false for undefined (null), true for any value, JSON null included. */
    static final JFunction EXISTS = shortcut("exists", (input, args) -> args.size() == 1 && !(args.get(0) instanceof List)
            ? Boolean.valueOf(args.get(0) != null) : NOT_TAKEN);

    /**
     * {@code $count}: 0 for undefined, the size of an array, 1 for an object (the signature {@code <a:n>} wraps a
     * single value into an array of one); JSON null and the rest go to the engine. Called for every object and array
     * the mappings' {@code $some} and {@code $list} helpers build.
     */
    static final JFunction COUNT = shortcut("count", (input, args) -> args.size() != 1 ? NOT_TAKEN
            : args.get(0) == null ? Integer.valueOf(0)
            : args.get(0) instanceof List<?> list ? Integer.valueOf(list.size())
            : args.get(0) instanceof Map ? Integer.valueOf(1) : NOT_TAKEN);

    /** {@code $keys} of one object: the engine's own {@code Functions.keys}, without the signature check. */
    static final JFunction KEYS = shortcut("keys", (input, args) -> args.size() == 1 && args.get(0) instanceof Map
            ? Functions.keys(args.get(0)) : NOT_TAKEN);

    /** {@code $lookup(object, key)}: the engine's own {@code Functions.lookup}, without the signature check. */
    static final JFunction LOOKUP = shortcut("lookup", (input, args) -> args.size() == 2 && args.get(0) instanceof Map
            && args.get(1) instanceof String key ? Functions.lookup(args.get(0), key) : NOT_TAKEN);

    private BuiltinShortcuts() {
    }

    /** Binds the stand-ins in an evaluation frame, where they hide the engine's built-ins of the same name. */
    static void bindInto(Jsonata.Frame frame) {
        frame.bind("trim", TRIM);
        frame.bind("exists", EXISTS);
        frame.bind("count", COUNT);
        frame.bind("keys", KEYS);
        frame.bind("lookup", LOOKUP);
    }

    private static JFunction shortcut(String name, Jsonata.JFunctionCallable plainCase) {
        // Evaluating "$trim" gives the engine's function itself (the engine's own frame is not public).
        Object found = Jsonata.jsonata("$" + name).evaluate(Map.of());
        if (!(found instanceof JFunction builtin)) {
            throw new IllegalStateException("The JSONata engine has no $" + name);
        }
        // No signature: the engine calls this with the arguments as written; the built-in checks them when it is used.
        return new JFunction((input, args) -> {
            Object answer = plainCase.call(input, args);
            return answer != NOT_TAKEN ? answer : builtin.call(input, (List) builtin.validate(args, input));
        }, null);
    }

    /** The same result as dashjoin's {@code Functions.trim} (JSONata's definition), without a regular expression. */
    static String trim(String s) {
        StringBuilder out = null;
        int length = s.length();
        boolean inRun = false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            boolean blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (blank) {
                if (!inRun && out == null && (c != ' ' || i + 1 < length && isBlank(s.charAt(i + 1)))) {
                    out = new StringBuilder(length).append(s, 0, i);
                }
                if (!inRun && out != null) {
                    out.append(' ');
                }
                inRun = true;
            } else {
                if (out != null) {
                    out.append(c);
                }
                inRun = false;
            }
        }
        String collapsed = out == null ? s : out.toString();
        int start = !collapsed.isEmpty() && collapsed.charAt(0) == ' ' ? 1 : 0;
        int end = collapsed.length() > start && collapsed.charAt(collapsed.length() - 1) == ' '
                ? collapsed.length() - 1 : collapsed.length();
        return start == 0 && end == collapsed.length() ? collapsed : collapsed.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
