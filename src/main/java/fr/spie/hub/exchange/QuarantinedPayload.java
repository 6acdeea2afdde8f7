package fr.spie.hub.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the quarantine keeps of a refused message so that a replay runs it again exactly: a message sent alone as its
 * bytes ({@code raw}, which may not even parse), a record of a batch as the tree it was read as and the batch's
 * header and trailer trees, a whole batch that could not be read as its bytes ({@code document}) and its name.
 */
record QuarantinedPayload(byte[] raw, JsonNode tree, Map<String, ObjectNode> headers, boolean readWithoutErrors,
                          byte[] document, String fileName) {

    QuarantinedPayload(byte[] raw, JsonNode tree, Map<String, ObjectNode> headers, boolean readWithoutErrors) {
        this(raw, tree, headers, readWithoutErrors, null, null);
    }

    static byte[] ofDocument(byte[] document, String fileName, ObjectMapper json) {
        ObjectNode kept = json.createObjectNode();
        kept.put("document", document);
        kept.put("fileName", fileName);
        try {
            return json.writeValueAsBytes(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }

    static byte[] of(MessageInTransit message, ObjectMapper json) {
        ObjectNode kept = json.createObjectNode();
        if (message.raw() != null) {
            kept.put("raw", message.raw());
        } else {
            kept.set("tree", message.tree());
            kept.set("headers", json.valueToTree(message.headers()));
            // A record is kept as read: whether its partner's schema (checked while reading) found errors is kept too.
            kept.put("readWithoutErrors", message.readWithoutErrors());
        }
        try {
            return json.writeValueAsBytes(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }

    static QuarantinedPayload read(byte[] kept, ObjectMapper json) throws IOException {
        JsonNode node = json.readTree(kept);
        if (node.hasNonNull("document")) {
            return new QuarantinedPayload(null, null, Map.of(), true, node.get("document").binaryValue(),
                    node.path("fileName").asText("document"));
        }
        if (node.hasNonNull("raw")) {
            return new QuarantinedPayload(node.get("raw").binaryValue(), null, Map.of(), true);
        }
        Map<String, ObjectNode> headers = new HashMap<>();
        node.path("headers").fields().forEachRemaining(e -> {
            if (e.getValue() instanceof ObjectNode o) {
                headers.put(e.getKey(), o);
            }
        });
        return new QuarantinedPayload(null, node.get("tree"), headers, node.path("readWithoutErrors").asBoolean());
    }
}
