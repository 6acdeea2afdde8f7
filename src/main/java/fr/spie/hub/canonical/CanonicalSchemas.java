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
    /** Marks a field holding a partner's own identifier of the person, e.g. {@code "x-spie-identifier": "france-travail"}. */
    private static final String IDENTIFIER = "x-spie-identifier";

    private final Path folder;
    private final Map<String, DataCategories> categories = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> identifiers = new ConcurrentHashMap<>();

    public CanonicalSchemas(Path folder) {
        this.folder = folder;
    }

    /** Forgets what was read from the schemas, after a hot reload of {@code schemas/}. */
    public void forget() {
        categories.clear();
        identifiers.clear();
    }

    public Path schemaOf(String eventType) {
        return folder.resolve(CanonicalEvent.shortName(eventType) + ".schema.json");
    }

    /** Public address of the schema, as the event's {@code dataschema} names it. */
    public static String dataschemaOf(String eventType) {
        return "/schemas/canonical/" + CanonicalEvent.shortName(eventType) + ".schema.json";
    }

    public DataCategories categoriesOf(String eventType) {
        return categories.computeIfAbsent(eventType, type -> new DataCategories(annotations(type, TAG, true)));
    }

    /** Fields of the event's data holding a partner's identifier of a person: dotted path → identifier kind. */
    public Map<String, String> identifiersOf(String eventType) {
        return identifiers.computeIfAbsent(eventType, type -> annotations(type, IDENTIFIER, false));
    }

    /** The values of one annotation keyword by field path; {@code inherited}: an object's value covers its fields. */
    private Map<String, String> annotations(String eventType, String keyword, boolean inherited) {
        Path file = schemaOf(eventType);
        Map<String, String> byPath = new HashMap<>();
        List<JsonNode> dataSchemas = new ArrayList<>();
        findDataSchemas(read(file), file, dataSchemas);
        for (JsonNode data : dataSchemas) {
            walk(data, file, "", null, keyword, inherited, byPath, 0);
        }
        return Map.copyOf(byPath);
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

    private void walk(JsonNode schema, Path file, String path, String above, String keyword, boolean inherited,
                      Map<String, String> byPath, int depth) {
        if (depth > 32) {
            return; // a recursive schema: what was found above still holds
        }
        JsonNode node = resolve(schema, file);
        String value = node.hasNonNull(keyword) ? node.get(keyword).asText() : above;
        if (value != null && !path.isEmpty()) {
            byPath.putIfAbsent(path, value);
        }
        String passedOn = inherited ? value : null;
        node.path("properties").fields().forEachRemaining(field -> walk(field.getValue(), file,
                path.isEmpty() ? field.getKey() : path + "." + field.getKey(), passedOn, keyword, inherited, byPath,
                depth + 1));
        if (node.has("items")) {
            walk(node.get("items"), file, path, value, keyword, inherited, byPath, depth + 1);
        }
        for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
            node.path(combinator).forEach(part -> walk(part, file, path, value, keyword, inherited, byPath,
                    depth + 1));
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
