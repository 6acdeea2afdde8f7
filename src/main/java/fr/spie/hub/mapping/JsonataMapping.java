package fr.spie.hub.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One JSONata mapping file, compiled once and applied to as many inputs as needed, from any thread. */
public final class JsonataMapping {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The names under which dashjoin's {@code Frame.setEvaluateEntryCallback}/{@code ExitCallback} bind them. */
    static final String ENTRY_CALLBACK = "__evaluate_entry";
    static final String EXIT_CALLBACK = "__evaluate_exit";

    private final String name;
    private final String source;
    // A compiled dashjoin Jsonata keeps per-evaluation state in its fields (input, timestamp, errors): each thread
    // gets its own compiled copy, parsed from the source that load() has already proven to compile.
    private final ThreadLocal<Jsonata> compiled;

    private JsonataMapping(String name, String source, Jsonata first) {
        this.name = name;
        this.source = source;
        Thread loader = Thread.currentThread();
        this.compiled = ThreadLocal.withInitial(() -> prepared(Jsonata.jsonata(source)));
        if (Thread.currentThread() == loader) {
            compiled.set(prepared(first));
        }
    }

    /**
     * The engine checks by default that the input holds only JSON values (a walk over the whole input per
     * evaluation); {@link #toJava} only ever builds such values.
     */
    private static Jsonata prepared(Jsonata expression) {
        expression.setValidateInput(false);
        return expression;
    }

    /** Reads and compiles a mapping; {@code name} is how errors refer to it (its path as the partner file writes it). */
    public static JsonataMapping load(Path file, String name) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException(name, "cannot read the mapping file (" + e.getClass().getSimpleName() + ")", e);
        }
        return compile(name, source);
    }

    public static JsonataMapping load(Path file) {
        return load(file, file.toString());
    }

    /** Compiles a mapping from its text; a syntax error becomes a {@link MappingException} with its position. */
    public static JsonataMapping compile(String name, String source) {
        try {
            return new JsonataMapping(name, source, Jsonata.jsonata(source));
        } catch (JException e) {
            throw new MappingException(name, "does not compile: " + describe(e, source), e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * Applies the mapping to a JSON tree with {@code $codes}, {@code $header} and {@code $context} bound.
     *
     * @return the resulting object
     * @throws MappingException when evaluation fails or the result is not an object
     */
    public ObjectNode apply(JsonNode input, MappingContext bindings) {
        Jsonata expression = compiled.get();
        Jsonata.Frame frame = expression.createFrame();
        // The engine looks both callbacks up at every node it evaluates, up the whole chain of frames to its static
        // frame of built-ins (a quarter of the CAF mapping's time): bound here as "none", the search stops at the
        // evaluation's own frame.
        frame.bind(ENTRY_CALLBACK, (Object) null);
        frame.bind(EXIT_CALLBACK, (Object) null);
        BuiltinShortcuts.bindInto(frame);
        frame.bind("codes", bindings.codes());
        frame.bind("header", toJava(bindings.header()));
        frame.bind("context", toJava(bindings.context()));
        Object result;
        try {
            result = expression.evaluate(toJava(input), frame);
        } catch (JException e) {
            throw new MappingException(name, "evaluation failed: " + describe(e, source), e);
        } catch (RuntimeException e) {
            // Not a JSONata error (e.g. a bug of the engine): keep the type only, a message could quote the input.
            throw new MappingException(name, "evaluation failed: " + e.getClass().getSimpleName(), e);
        }
        if (!(result instanceof Map<?, ?>)) {
            throw new MappingException(name, "the result must be a JSON object, got " + kindOf(result));
        }
        try {
            return (ObjectNode) toJson(result);
        } catch (IllegalArgumentException e) {
            throw new MappingException(name, "the result holds something that is not JSON: " + e.getMessage());
        }
    }

    /**
     * The JSONata message with its arguments kept only when they come from the mapping's own text (an operator, a
     * function name); an argument that does not appear in the source may be an input value, e.g. a NIR, and is hidden.
     */
    static String describe(JException e, String source) {
        Object current = keepIfInSource(e.getCurrent(), source);
        Object expected = keepIfInSource(e.getExpected(), source);
        String text = e.getError() == null ? String.valueOf(e.getMessage())
                : JException.msg(e.getError(), e.getLocation(), current, expected);
        return e.getLocation() < 0 ? text : text + " (position " + e.getLocation() + ")";
    }

    private static Object keepIfInSource(Object argument, String source) {
        if (argument == null) {
            return null;
        }
        String text = String.valueOf(argument);
        // An argument index or a missing punctuation token ("}", ")") says nothing about the input.
        boolean harmless = text.matches("\\d{1,2}|\\p{Punct}{1,2}") || !text.isEmpty() && source.contains(text);
        return harmless ? argument : "…";
    }

    private static String kindOf(Object value) {
        if (value == null) {
            return "nothing (undefined)";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value.getClass().getSimpleName();
    }

    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    /** Jackson tree → the plain Map/List/String/Number/Boolean values JSONata works on. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** JSONata's result → Jackson tree; whole numbers become integers (1675.0 → 1675), as Jackson would read them. */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            // The engine drops undefined members itself; a member still present with null is a JSON null.
            map.forEach((key, item) -> object.set(String.valueOf(key), toJson(item)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return integer((long) d);
            }
            return NODES.numberNode(d);
        }
        if (value instanceof Number number) {
            return integer(number.longValue());
        }
        // A function or another engine object cannot leave the mapping as data.
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " is not JSON data");
    }
}
