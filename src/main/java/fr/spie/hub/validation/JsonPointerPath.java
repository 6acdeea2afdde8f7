package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns Everit's JSON pointers ({@code #/persons/0/nir}) into the issue expressions of the contract
 * ({@code persons[0].nir}, 0-based as JSON itself; {@code $} for the root). The document tells whether a segment is an
 * array index or an object key, so a key that happens to be digits stays a key.
 */
final class JsonPointerPath {

    /** Keys written with a dot; any other key is written ["key"] so the expression stays unambiguous. */
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_$@#][A-Za-z0-9_$@#-]*");

    private JsonPointerPath() {
    }

    static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        if (pointer == null) {
            return segments;
        }
        String path = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        if (path.isEmpty() || path.equals("/")) {
            return segments;
        }
        for (String raw : path.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    static String expression(JsonNode document, List<String> segments) {
        if (segments.isEmpty()) {
            return "$";
        }
        StringBuilder expression = new StringBuilder();
        JsonNode node = document;
        for (String segment : segments) {
            if (node != null && node.isArray()) {
                expression.append('[').append(segment).append(']');
            } else if (SIMPLE_KEY.matcher(segment).matches()) {
                expression.append(expression.isEmpty() ? "" : ".").append(segment);
            } else {
                expression.append("[\"").append(segment.replace("\"", "\\\"")).append("\"]");
            }
            node = child(node, segment);
        }
        return expression.toString();
    }

    /** The node at the segments, or null when it does not exist (e.g. a missing required property). */
    static JsonNode nodeAt(JsonNode document, List<String> segments) {
        JsonNode node = document;
        for (String segment : segments) {
            node = child(node, segment);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String segment) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            try {
                return node.get(Integer.parseInt(segment));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return node.get(segment);
    }
}
