package fr.spie.hub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical event schemas of {@code schemas/canonical/}: where each lives and the data categories it declares.
 * A schema may reach its {@code data} through {@code allOf} and {@code $ref}s to sibling files or local definitions.
 */
public final class CanonicalSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAG = "x-spie-category";

    private final Path folder;
    private final Map<String, DataCategories> categories = new ConcurrentHashMap<>();

    public CanonicalSchemas(Path folder) {
        this.folder = folder;
    }

    public Path schemaOf(String eventType) {
        return folder.resolve(CanonicalEvent.shortName(eventType) + ".schema.json");
    }

    /** Public address of the schema, as the event's {@code dataschema} names it. */
    public static String dataschemaOf(String eventType) {
        return "/schemas/canonical/" + CanonicalEvent.shortName(eventType) + ".schema.json";
    }

    public DataCategories categoriesOf(String eventType) {
        return categories.computeIfAbsent(eventType, type -> {
            Path file = schemaOf(type);
            JsonNode schema = read(file);
            Map<String, String> byPath = new HashMap<>();
            List<JsonNode> dataSchemas = new ArrayList<>();
            findDataSchemas(schema, file, dataSchemas);
            for (JsonNode data : dataSchemas) {
                walk(data, file, "", null, byPath, 0);
            }
            return new DataCategories(Map.copyOf(byPath));
        });
    }

    /** Every schema of the {@code data} property, wherever allOf/$ref put them (the envelope's and the type's). */
    private void findDataSchemas(JsonNode schema, Path file, List<JsonNode> found) {
        JsonNode data = schema.path("properties").path("data");
        if (!data.isMissingNode()) {
            found.add(data);
        }
        for (JsonNode part : schema.path("allOf")) {
            findDataSchemas(resolve(part, file), file, found);
        }
    }

    private void walk(JsonNode schema, Path file, String path, String inherited, Map<String, String> byPath, int depth) {
        if (depth > 32) {
            return; // a recursive schema: the categories above still hold
        }
        JsonNode node = resolve(schema, file);
        String category = node.hasNonNull(TAG) ? node.get(TAG).asText() : inherited;
        if (category != null && !path.isEmpty()) {
            byPath.putIfAbsent(path, category);
        }
        node.path("properties").fields().forEachRemaining(field -> walk(field.getValue(), file,
                path.isEmpty() ? field.getKey() : path + "." + field.getKey(), category, byPath, depth + 1));
        if (node.has("items")) {
            walk(node.get("items"), file, path, category, byPath, depth + 1);
        }
        for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
            node.path(combinator).forEach(part -> walk(part, file, path, category, byPath, depth + 1));
        }
    }

    private JsonNode resolve(JsonNode schema, Path file) {
        JsonNode node = schema;
        for (int hops = 0; node.has("$ref") && hops < 16; hops++) {
            String ref = node.get("$ref").asText();
            int hash = ref.indexOf('#');
            String filePart = hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            JsonNode document = filePart.isEmpty() ? read(file) : read(file.resolveSibling(filePart));
            node = pointer.isEmpty() ? document : document.at(pointer);
        }
        return node;
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read canonical schema " + file, e);
        }
    }
}
