package fr.spie.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stand-ins for $trim, $exists, $count, $keys and $lookup answer exactly what the engine's own built-ins answer, errors included. */
class BuiltinShortcutsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trimAgreesWithTheEnginesOnAwkwardAndRandomStrings() {
        String[] awkward = {"", " ", "  ", "\t", " a", "a ", " a ", "CG ", "  CG  ", "a  b", "a\t\tb", "a \t\r\nb",
                "\n\na\n\n", "é  à", " \t ", "a b c", "a\u00a0b", "x\r", "\r\nx"};
        for (String s : awkward) {
            assertThat(BuiltinShortcuts.trim(s)).as("[%s]", s).isEqualTo(Functions.trim(s));
        }
        Random random = new Random(7);
        char[] alphabet = {' ', '\t', '\n', '\r', 'a', 'B', 'é', '0', '\u00a0'};
        for (int n = 0; n < 20_000; n++) {
            char[] chars = new char[random.nextInt(9)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            assertThat(BuiltinShortcuts.trim(s)).as("[%s]", s).isEqualTo(Functions.trim(s));
        }
    }

    @Test
    void aMappingGivesTheSameResultWithAndWithoutTheStandIns() throws Exception {
        String source = """
                {
                  "trimmed": $trim(a),
                  "context": b.$trim(),
                  "missing": $trim(nothing),
                  "exists": [$exists(a), $exists(nothing), $exists(n), $exists(list), $exists(list[9]), $exists(o)]
                }""";
        Map<?, ?> input = JSON.readValue("""
                {"a": "  CG \\t x ", "b": " y ", "n": null, "list": [" p ", "q"], "o": {"k": 1}}""", Map.class);
        Jsonata engine = Jsonata.jsonata(source);
        Object plain = engine.evaluate(input, engine.createFrame());
        Jsonata.Frame frame = engine.createFrame();
        BuiltinShortcuts.bindInto(frame);
        Object shortcut = engine.evaluate(input, frame);
        assertThat(JsonataMapping.toJson(shortcut)).isEqualTo(JsonataMapping.toJson(plain));
        assertThat(JsonataMapping.toJson(shortcut).path("trimmed").asText()).isEqualTo("CG x");
    }

    @Test
    void countKeysAndLookupGiveTheEnginesResultsOnEveryKindOfArgument() throws Exception {
        // Each line is evaluated with the engine's built-ins and with the stand-ins: plain cases and the ones handed
        // back to the engine (arrays, several arguments, undefined, the context value).
        String[] expressions = {
                "$count(o)", "$count(list)", "$count(objects)", "$count(nothing)", "$count(s)", "$count(n)",
                "$count([])", "$count(list[0])", "$count($keys(o))", "$count($keys(empty))", "$count(o.k)",
                "$keys(o)", "$keys(empty)", "$keys(objects)", "$keys(nothing)", "$keys(s)", "$keys(list)",
                "o.$keys()", "$keys(one)", "$count($keys(one))",
                "$lookup(o, \"k\")", "$lookup(o, \"absent\")", "$lookup(o, \"n\")", "$lookup(objects, \"k\")",
                "$lookup(nothing, \"k\")", "$lookup(s, \"k\")", "$lookup($lookup(tables, \"T\"), \"A\")",
                "$lookup($lookup(tables, \"T\"), nothing)", "o.$lookup(\"k\")", "$lookup(tables.T, \"B\")",
                "$count(objects.k)", "$lookup(\"k\")", "o.$lookup(\"l\")", "$count({})", "$some := function($o) { $count($keys($o)) > 0 ? $o : undefined }; "
                        + "[$some(o), $some(empty), $some(nothing)]"};
        Map<?, ?> input = JSON.readValue("""
                {"o": {"k": 1, "l": [1, 2], "n": null}, "empty": {}, "one": {"only": "x"}, "s": "text",
                 "n": null, "list": ["a", "b", "c"], "objects": [{"k": 1, "x": 2}, {"k": 3, "y": 4}],
                 "tables": {"T": {"A": "label A", "B": "label B"}}}""", Map.class);
        for (String expression : expressions) {
            String source = expression.startsWith("$some") ? "(" + expression + ")" : expression;
            Jsonata engine = Jsonata.jsonata(source);
            Object plain = engine.evaluate(input, engine.createFrame());
            Jsonata.Frame frame = engine.createFrame();
            BuiltinShortcuts.bindInto(frame);
            Object shortcut = engine.evaluate(input, frame);
            assertThat(JsonataMapping.toJson(shortcut)).as(expression).isEqualTo(JsonataMapping.toJson(plain));
        }
    }

    @Test
    void wrongArgumentsToCountKeysAndLookupAreRefusedLikeTheEngineRefusesThem() {
        for (String expression : new String[] {"$count(1, 2)", "$lookup({}, 5)", "$lookup({}, \"a\", 1)", "$keys(1, 2)"}) {
            Jsonata engine = Jsonata.jsonata(expression);
            Jsonata.Frame frame = engine.createFrame();
            BuiltinShortcuts.bindInto(frame);
            Throwable expected = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.evaluate(Map.of(), engine.createFrame()));
            assertThat(expected).as(expression).isNotNull();
            assertThatThrownBy(() -> engine.evaluate(Map.of(), frame)).as(expression)
                    .hasMessage(expected.getMessage());
        }
    }

    @Test
    void aWrongArgumentIsRefusedLikeTheEngineRefusesIt() {
        Jsonata engine = Jsonata.jsonata("$trim(5)");
        Jsonata.Frame frame = engine.createFrame();
        BuiltinShortcuts.bindInto(frame);
        assertThatThrownBy(() -> engine.evaluate(Map.of(), frame)).hasMessageContaining("trim");
        assertThatThrownBy(() -> engine.evaluate(Map.of(), engine.createFrame())).hasMessageContaining("trim");
    }
}
