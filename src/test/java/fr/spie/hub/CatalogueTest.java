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
    private static final Path SOAP_XSD = Path.of("schemas/departement/exchange.xsd");

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
            for (Partner.InboundMessageType type : partner.inbound()) {
                type.declarationProblems().forEach(p -> problems.add(where + ": " + p));
                checkVariantExamples(where, type);
                checkSoap(where, type);
                for (Partner.InboundMessageType in : type.forms()) {
                    exists(where, "schema", in.schema());
                    exists(where, "mapping", in.mapping());
                    eventType(where, in.eventType());
                    if (in.mapping() != null) {
                        mappings.add(Path.of(in.mapping()).getParent().toString());
                    }
                }
            }
            for (Partner.Subscription sub : partner.subscriptions()) {
                if (!Set.of("queue", "file").contains(partner.channelOf(sub).channel())) {
                    // The embedded demo must not call endpoints nobody serves: remote channels are examples.
                    problems.add(where + ": subscription " + sub.eventType() + " is delivered on "
                            + partner.channelOf(sub).channel() + "; the shipped files use queue or file, a remote"
                            + " channel goes in config/examples/partners/");
                }
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

    /**
     * A message type with variants: each example of each of its mappings must be claimed by that very mapping's
     * variant (or, for the type's own mapping, by no variant), so that the examples prove the choice as well.
     */
    private void checkVariantExamples(String where, Partner.InboundMessageType type) throws IOException {
        if (type.variants().isEmpty()) {
            return;
        }
        for (Partner.InboundMessageType form : type.forms()) {
            if (form.mapping() == null) {
                continue;
            }
            for (Path input : files(Path.of(form.mapping()).getParent().resolve("examples"), ".input.json")) {
                String chosen = type.formFor(JSON.readTree(input.toFile())).map(Partner.InboundMessageType::mapping)
                        .orElse(null);
                if (!form.mapping().equals(chosen)) {
                    problems.add(where + ": example " + input + " of " + form.mapping() + " would be mapped by "
                            + chosen);
                }
            }
        }
    }

    /** A message type offered over SOAP must have its element in the exchange XSD the WSDL publishes. */
    private void checkSoap(String where, Partner.InboundMessageType type) throws IOException {
        if (type.overSoap() && !Files.readString(SOAP_XSD).contains("<xs:element name=\"" + type.messageType() + "\"")) {
            problems.add(where + ": " + type.messageType() + " is offered over SOAP but " + SOAP_XSD
                    + " declares no element of that name");
        }
    }

    /**
     * config/examples/partners/<id>.yaml shows another channel for a shipped partner: it must be the shipped file but
     * for its subscriptions' channels, so that copying it over changes nothing else.
     */
    @Test
    void example_partner_files_differ_from_the_shipped_ones_only_by_channel() throws IOException {
        List<Path> examples = files(Path.of("config/examples/partners"), ".yaml");
        assertThat(examples).as("example partner files").isNotEmpty();
        for (Path example : examples) {
            Partner shown = PartnerRegistry.read(example);
            Partner shipped = PartnerRegistry.read(Path.of("config/partners").resolve(example.getFileName()));
            assertThat(shown.id()).isEqualTo(shipped.id());
            assertThat(shown.inbound()).as(example + " inbound").isEqualTo(shipped.inbound());
            assertThat(shown.credentials()).as(example + " credentials").isEqualTo(shipped.credentials());
            assertThat(shown.delivery()).as(example + " delivery").isEqualTo(shipped.delivery());
            assertThat(shown.subscriptions().stream().map(s -> new Partner.Subscription(s.eventType(), s.messageType(),
                    s.format(), s.mapping(), s.schema())).toList()).as(example + " subscriptions")
                    .isEqualTo(shipped.subscriptions().stream().map(s -> new Partner.Subscription(s.eventType(),
                            s.messageType(), s.format(), s.mapping(), s.schema())).toList());
            assertThat(shown.subscriptions()).as(example + " shows no other channel").isNotEqualTo(
                    shipped.subscriptions());
        }
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
