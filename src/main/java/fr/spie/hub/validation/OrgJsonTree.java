package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.JsonNode;
import org.json.JSONArray;
import org.json.JSONObject;

/** Converts a Jackson tree into the org.json values Everit validates, node by node, without writing JSON text. */
final class OrgJsonTree {

    private OrgJsonTree() {
    }

    static Object of(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> object(node);
            case ARRAY -> array(node);
            case STRING -> node.textValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> JSONObject.NULL;
            case BINARY, POJO -> node.asText();
        };
    }

    private static JSONObject object(JsonNode node) {
        JSONObject object = new SizedObject(node.size());
        node.fields().forEachRemaining(field -> object.put(field.getKey(), of(field.getValue())));
        return object;
    }

    private static JSONArray array(JsonNode node) {
        JSONArray array = new JSONArray(node.size());
        node.forEach(element -> array.put(of(element)));
        return array;
    }

    /** A JSONObject whose map is sized for its members up front: a default one rehashes as the copy fills it. */
    private static final class SizedObject extends JSONObject {
        SizedObject(int members) {
            super(members * 4 / 3 + 1);
        }
    }
}
