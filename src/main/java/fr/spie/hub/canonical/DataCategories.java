package fr.spie.hub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which data category each field of one canonical event type belongs to, read from the {@code x-spie-category} tags
 * of its schema. Consent and minimisation work per category, so every field must have one (CanonicalCategoriesTest).
 *
 * @param byPath category by dotted field path within {@code data}, arrays left out of the path
 *               ({@code persons.identity.nir}); an object's tag covers what lies below it
 */
public record DataCategories(Map<String, String> byPath) {

    public static final Set<String> ALL = Set.of("identity", "contact", "rsa-rights", "resources", "employment",
            "pathway", "health", "family", "justice");

    /** The category of a field: its own tag, or that of its nearest tagged ancestor. */
    public String categoryOf(String path) {
        String p = path;
        while (true) {
            String category = byPath.get(p);
            if (category != null) {
                return category;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            p = p.substring(0, dot);
        }
    }

    /** The categories of the fields actually present in this data, sorted: the event's {@code datacategories}. */
    public Set<String> presentIn(JsonNode data) {
        Set<String> found = new TreeSet<>();
        collect(data, "", found);
        return found;
    }

    private void collect(JsonNode node, String path, Set<String> found) {
        if (node.isArray()) {
            node.forEach(item -> collect(item, path, found));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), found);
            }
        } else if (!node.isNull() && !path.isEmpty()) {
            String category = categoryOf(path);
            if (category != null) {
                found.add(category);
            }
        }
    }
}
