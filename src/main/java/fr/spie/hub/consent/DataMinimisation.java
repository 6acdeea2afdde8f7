package fr.spie.hub.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.canonical.DataCategories;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes from a canonical event's data every value whose category (canonical schema tags) the recipient may not
 * receive, before its mapping sees it: a mapping cannot leak what is no longer there. Objects and arrays emptied by
 * the removal go too, so that the recipient's schema sees a field missing rather than an empty shell.
 */
public final class DataMinimisation {

    private DataMinimisation() {
    }

    /** A copy of {@code data} holding only values of {@code allowed} categories; {@code data} is not changed. */
    public static ObjectNode keepOnly(ObjectNode data, DataCategories categories, Set<String> allowed) {
        ObjectNode copy = data.deepCopy();
        prune(copy, "", categories, allowed);
        return copy;
    }

    /** Prunes in place; true when nothing is left of the node. */
    private static boolean prune(JsonNode node, String path, DataCategories categories, Set<String> allowed) {
        if (node.isObject()) {
            List<String> emptied = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (prune(field.getValue(), child, categories, allowed)) {
                    emptied.add(field.getKey());
                }
            }
            ((ObjectNode) node).remove(emptied);
            return node.isEmpty() && !emptied.isEmpty();
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            boolean hadItems = !array.isEmpty();
            for (int i = array.size() - 1; i >= 0; i--) {
                if (prune(array.get(i), path, categories, allowed)) {
                    array.remove(i);
                }
            }
            return hadItems && array.isEmpty();
        }
        String category = path.isEmpty() ? null : categories.categoryOf(path);
        // A value without a category cannot be judged (CanonicalCategoriesTest forbids them): it does not go.
        return category == null || !allowed.contains(category);
    }
}
