package fr.spie.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the files honest: partner files, schemas, mappings and routes that name each other must find each other,
 * names match ids, nothing is left unused. Collects every problem and fails once with the whole list.
 */
class CatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> NOT_MAPPING_FOLDERS = Set.of("codes", "examples");

    private final List<String> problems = new ArrayList<>();

    @Test
    void the_catalogue_is_consistent() throws IOException {
        Set<String> referencedMappings = checkPartners();
        checkMappingFolders(referencedMappings);
        checkSchemas();
        checkRoutes();
        assertThat(problems).as("catalogue problems").isEmpty();
    }

    private Set<String> checkPartners() throws IOException {
        Set<String> mappings = new HashSet<>();
        for (Path file : files(Path.of("config/partners"), ".yaml")) {
            Partner partner;
            try {
                partner = PartnerRegistry.read(file);
            } catch (IllegalArgumentException e) {
                problems.add(file + ": does not parse: " + e.getMessage());
                continue;
            }
            String where = file.toString();
            if (!file.getFileName().toString().equals(partner.id() + ".yaml")) {
                problems.add(where + ": file name must be " + partner.id() + ".yaml (its id)");
            }
            for (Partner.InboundMessageType in : partner.inbound()) {
                exists(where, "schema", in.schema());
                exists(where, "mapping", in.mapping());
                eventType(where, in.eventType());
                if (in.mapping() != null) {
                    mappings.add(Path.of(in.mapping()).getParent().toString());
                }
            }
            for (Partner.Subscription sub : partner.subscriptions()) {
                exists(where, "schema", sub.schema());
                exists(where, "mapping", sub.mapping());
                eventType(where, sub.eventType());
                if (sub.mapping() != null) {
                    mappings.add(Path.of(sub.mapping()).getParent().toString());
                }
            }
        }
        return mappings;
    }

    private void exists(String where, String what, String path) {
        if (path != null && !Files.isRegularFile(Path.of(path))) {
            problems.add(where + ": " + what + " " + path + " does not exist");
        }
    }

    private void eventType(String where, String type) {
        if (type == null) {
            return;
        }
        Path schema = Path.of("schemas/canonical", CanonicalEvent.shortName(type) + ".schema.json");
        if (!type.startsWith(CanonicalEvent.TYPE_PREFIX) || !Files.isRegularFile(schema)) {
            problems.add(where + ": event type " + type + " has no schema " + schema);
        }
    }

    /** A mapping folder (one holding a .jsonata file) must be used by a partner file and carry its README. */
    private void checkMappingFolders(Set<String> referenced) throws IOException {
        Path root = Path.of("mappings");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path dir : all.filter(Files::isDirectory).sorted().toList()) {
                if (NOT_MAPPING_FOLDERS.contains(dir.getFileName().toString()) || files(dir, ".jsonata").isEmpty()) {
                    continue;
                }
                if (!referenced.contains(dir.toString())) {
                    problems.add(dir + ": mapping folder not referenced by any partner file");
                }
                if (!Files.isRegularFile(dir.resolve("README.md"))) {
                    problems.add(dir + ": no README.md");
                }
            }
        }
    }

    private void checkSchemas() throws IOException {
        try (Stream<Path> all = Files.walk(Path.of("schemas"))) {
            for (Path file : all.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    JSON.readTree(file.toFile());
                    EveritSchemas.load(file);
                } catch (RuntimeException | IOException e) {
                    problems.add(file + ": not a valid JSON schema: " + e.getMessage());
                }
            }
        }
    }

    /** Routes: *.camel.yaml files that parse, every route with an id unique across files. */
    private void checkRoutes() throws IOException {
        Path root = Path.of("routes");
        if (!Files.isDirectory(root)) {
            return;
        }
        Map<String, Path> ids = new HashMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".camel.yaml")) {
                    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        problems.add(file + ": a route file is named <flow>.camel.yaml");
                    }
                    continue;
                }
                JsonNode tree;
                try {
                    tree = YAML.readTree(file.toFile());
                } catch (IOException e) {
                    problems.add(file + ": does not parse as YAML: " + e.getMessage());
                    continue;
                }
                for (JsonNode item : tree == null ? List.<JsonNode>of() : iterable(tree)) {
                    JsonNode route = item.get("route");
                    if (route == null) {
                        continue;
                    }
                    String id = route.path("id").asText("");
                    if (id.isBlank()) {
                        problems.add(file + ": a route has no id");
                    } else if (ids.putIfAbsent(id, file) != null) {
                        problems.add(file + ": route id " + id + " is already used in " + ids.get(id));
                    }
                }
            }
        }
    }

    private static List<JsonNode> iterable(JsonNode tree) {
        List<JsonNode> list = new ArrayList<>();
        if (tree.isArray()) {
            tree.forEach(list::add);
        } else {
            list.add(tree);
        }
        return list;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
