package fr.spie.hub.soap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives an XML message, read as a tree of strings, the JSON types of the partner's JSON Schema for the same message:
 * a number where the schema says number or integer, a boolean where it says boolean, objects as they are. A text
 * that is not a number stays a string, so that the JSON Schema names it precisely.
 */
final class SchemaTyping {

    private SchemaTyping() {
    }

    static ObjectNode retype(ObjectNode tree, JsonNode schema) {
        ObjectNode typed = JsonNodeFactory.instance.objectNode();
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        tree.fields().forEachRemaining(fields::add);
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, JsonNode> field : fields) {
            JsonNode property = properties.path(field.getKey());
            JsonNode value = field.getValue();
            String type = property.path("type").asText("");
            if (value.isObject()) {
                typed.set(field.getKey(), retype((ObjectNode) value, property));
            } else if (value.isTextual() && (type.equals("number") || type.equals("integer"))) {
                typed.set(field.getKey(), number(value.asText()));
            } else if (value.isTextual() && type.equals("boolean")
                    && (value.asText().equals("true") || value.asText().equals("false"))) {
                typed.put(field.getKey(), Boolean.parseBoolean(value.asText()));
            } else {
                typed.set(field.getKey(), value);
            }
        }
        return typed;
    }

    private static JsonNode number(String text) {
        try {
            BigDecimal number = new BigDecimal(text.trim());
            return number.scale() <= 0 && number.precision() - number.scale() < 10
                    ? JsonNodeFactory.instance.numberNode(number.intValueExact())
                    : JsonNodeFactory.instance.numberNode(number);
        } catch (NumberFormatException | ArithmeticException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
