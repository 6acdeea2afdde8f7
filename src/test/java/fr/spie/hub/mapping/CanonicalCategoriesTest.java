package fr.spie.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Consent and minimisation work per category: every leaf of every canonical data schema must have one. */
class CanonicalCategoriesTest {

    static final Set<String> CATEGORIES = Set.of("identity", "contact", "rsa-rights", "resources", "employment",
            "pathway", "health", "family", "justice");
    static final List<String> EVENT_TYPES = List.of("rsa-household", "jobseeker-status", "orientation-decision",
            "sanction-decision", "pathway-step", "diagnostic", "appointment", "youth-follow-up", "consent-change",
            "beneficiary");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CANONICAL = Path.of("schemas/canonical");

    @Test
    void every_event_type_of_the_contract_has_its_schema() {
        assertThat(EVENT_TYPES).allSatisfy(t -> assertThat(CANONICAL.resolve(t + ".schema.json")).isRegularFile());
    }

    @Test
    void every_data_field_of_every_canonical_schema_has_a_category() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(CANONICAL)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".schema.json")).sorted().toList()) {
                if (file.getFileName().toString().equals("cloudevent.schema.json")) {
                    continue;
                }
                JsonNode schema = JSON.readTree(file.toFile());
                JsonNode data = dataSchema(schema);
                if (data == null) {
                    problems.add(file.getFileName() + ": no data schema (allOf[].properties.data)");
                } else {
                    check(file.getFileName() + ":data", data, null, schema, problems);
                }
            }
        }
        assertThat(problems).as("untagged or wrongly tagged data fields").isEmpty();
    }

    @Test
    void the_check_finds_an_untagged_leaf_and_an_unknown_category() throws IOException {
        JsonNode schema = JSON.readTree("""
                {"allOf": [{"properties": {"data": {"$ref": "#/definitions/data"}}}],
                 "definitions": {"data": {"type": "object", "properties": {
                   "a": {"type": "object", "x-spie-category": "identity", "properties": {"b": {"type": "string"}}},
                   "c": {"type": "array", "items": {"type": "object", "properties": {"d": {"type": "string"}}}},
                   "e": {"type": "string", "x-spie-category": "gossip"}}}}}
                """);
        List<String> problems = new ArrayList<>();
        check("t:data", dataSchema(schema), null, schema, problems);
        assertThat(problems).containsExactly("t:data.c[].d: no x-spie-category", "t:data.e: unknown category gossip");
    }

    /** The schema of {@code data}: in {@code allOf[].properties.data}, following a local $ref. */
    static JsonNode dataSchema(JsonNode schema) {
        for (JsonNode part : schema.path("allOf")) {
            JsonNode data = part.path("properties").get("data");
            if (data != null) {
                return resolve(data, schema);
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode node, JsonNode root) {
        JsonNode ref = node.get("$ref");
        return ref != null && ref.asText().startsWith("#/") ? root.at(ref.asText().substring(1)) : node;
    }

    /** Walks properties, array items and allOf/anyOf/oneOf branches; a leaf needs its own or an inherited category. */
    static void check(String path, JsonNode node, String inherited, JsonNode root, List<String> problems) {
        node = resolve(node, root);
        String category = inherited;
        JsonNode own = node.get("x-spie-category");
        if (own != null) {
            if (!CATEGORIES.contains(own.asText())) {
                problems.add(path + ": unknown category " + own.asText());
                return;
            }
            category = own.asText();
        }
        boolean leaf = true;
        JsonNode properties = node.get("properties");
        if (properties != null) {
            leaf = false;
            for (var it = properties.fields(); it.hasNext(); ) {
                var field = it.next();
                check(path + "." + field.getKey(), field.getValue(), category, root, problems);
            }
        }
        JsonNode items = node.get("items");
        if (items != null) {
            leaf = false;
            check(path + "[]", items, category, root, problems);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode branch : node.path(combinator)) {
                leaf = false;
                check(path, branch, category, root, problems);
            }
        }
        if (leaf && category == null) {
            problems.add(path + ": no x-spie-category");
        }
    }
}
