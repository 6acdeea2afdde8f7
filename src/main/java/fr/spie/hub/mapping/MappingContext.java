package fr.spie.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What a mapping sees besides its input: {@code $codes} (code tables: table → code → label), {@code $header} (the
 * flux's header elements, e.g. {@code IdentificationFlux}) and {@code $context} (partner, messageType, exchangeId,
 * receivedAt).
 */
public record MappingContext(Map<String, Map<String, String>> codes, JsonNode header, JsonNode context) {

    public MappingContext {
        codes = codes == null ? Map.of() : Map.copyOf(codes);
        header = header == null ? JsonNodeFactory.instance.objectNode() : header;
        context = context == null ? JsonNodeFactory.instance.objectNode() : context;
    }

    /** No code tables, no header, no context: for mappings that need none. */
    public static MappingContext empty() {
        return new MappingContext(Map.of(), null, null);
    }

    /** The usual context of an exchange; {@code header} may be null when the message has none. */
    public static MappingContext of(Map<String, Map<String, String>> codes, JsonNode header, String partner,
                                    String messageType, String exchangeId, String receivedAt) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        putIfPresent(context, "partner", partner);
        putIfPresent(context, "messageType", messageType);
        putIfPresent(context, "exchangeId", exchangeId);
        putIfPresent(context, "receivedAt", receivedAt);
        return new MappingContext(codes, header, context);
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
