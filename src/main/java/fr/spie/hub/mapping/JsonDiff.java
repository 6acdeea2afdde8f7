package fr.spie.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** JSON equality that ignores the order of object members and the spelling of numbers (1675 = 1675.00). */
final class JsonDiff {

    private static final int MAX_SHOWN = 80;

    private JsonDiff() {
    }

    /** Every difference as "path: expected X, actual Y"; empty when equal. */
    static List<String> between(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare("$", expected, actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            if (expected != actual) {
                out.add(path + ": expected " + show(expected) + ", actual " + show(actual));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path + "." + name, expected.get(name), actual.get(name), out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(path + ": expected " + expected.size() + " items, actual " + actual.size());
            }
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": expected " + show(expected) + ", actual " + show(actual));
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + show(expected) + ", actual " + show(actual));
        }
    }

    private static String show(JsonNode node) {
        if (node == null) {
            return "(absent)";
        }
        String text = node.toString();
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }
}
