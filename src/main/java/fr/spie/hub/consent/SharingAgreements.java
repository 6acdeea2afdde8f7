package fr.spie.hub.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.spie.hub.canonical.DataCategories;
import fr.spie.hub.consent.SharingAgreement.LegalBasis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads {@code config/sharing-agreements/*.yaml} and checks them all before the hub uses any: a broken set is refused
 * as a whole, with every problem of every file in one message, so that an integrator fixes them in one pass.
 */
public final class SharingAgreements {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("id", "description", "recipient", "eventTypes", "purpose",
            "legalBasis", "categories");

    /** Every problem found, each prefixed with its file. */
    public static final class InvalidAgreementsException extends IllegalStateException {

        private final List<String> problems;

        public InvalidAgreementsException(Path folder, List<String> problems) {
            super("Sharing agreements in " + folder + " refused, " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private SharingAgreements() {
    }

    /**
     * @param knownPartner   whether a partner id is declared in config/partners/
     * @param knownEventType whether a canonical event type has a schema in schemas/canonical/
     */
    public static List<SharingAgreement> load(Path folder, Predicate<String> knownPartner,
                                              Predicate<String> knownEventType) {
        List<String> problems = new ArrayList<>();
        List<SharingAgreement> agreements = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidAgreementsException(folder, List.of(folder + ": cannot be read (" + e.getMessage() + ")"));
        }
        Map<String, String> ids = new HashMap<>();
        Map<String, String> covered = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            JsonNode node;
            try {
                node = YAML.readTree(file.toFile());
            } catch (IOException e) {
                problems.add(name + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
                continue;
            }
            if (node == null || !node.isObject()) {
                problems.add(name + ": expected a mapping with id, recipient, eventTypes, purpose, legalBasis, "
                        + "categories");
                continue;
            }
            int before = problems.size();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    problems.add(name + ": unknown field '" + field + "' (expected " + new TreeSet<>(FIELDS) + ")");
                }
            }
            String id = text(node, "id", name, problems);
            if (id != null && ids.putIfAbsent(id, name) != null) {
                problems.add(name + ": id '" + id + "' is already used by " + ids.get(id));
            }
            String recipient = text(node, "recipient", name, problems);
            if (recipient != null && !knownPartner.test(recipient)) {
                problems.add(name + ": recipient '" + recipient + "' is not a partner of config/partners/");
            }
            String purpose = text(node, "purpose", name, problems);
            List<String> eventTypes = list(node, "eventTypes", name, problems);
            for (String type : eventTypes) {
                if (!knownEventType.test(type)) {
                    problems.add(name + ": eventTypes: '" + type + "' has no canonical schema in schemas/canonical/");
                }
            }
            List<String> categories = list(node, "categories", name, problems);
            for (String category : categories) {
                if (!DataCategories.ALL.contains(category)) {
                    problems.add(name + ": categories: '" + category + "' is not a data category "
                            + new TreeSet<>(DataCategories.ALL));
                }
            }
            LegalBasis basis = legalBasis(node.get("legalBasis"), name, problems);
            if (recipient != null && purpose != null) {
                for (String type : eventTypes) {
                    String key = recipient + " / " + type + " / " + purpose;
                    String other = covered.putIfAbsent(key, name);
                    if (other != null) {
                        problems.add(name + ": " + key + " is already covered by " + other
                                + " (one agreement per recipient, event type and purpose)");
                    }
                }
            }
            if (problems.size() == before) {
                agreements.add(new SharingAgreement(id, recipient, List.copyOf(eventTypes), purpose, basis,
                        Set.copyOf(categories), name));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAgreementsException(folder, problems);
        }
        return List.copyOf(agreements);
    }

    private static LegalBasis legalBasis(JsonNode node, String file, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add(file + ": legalBasis is required, with type (public-task or consent) and, for public-task, "
                    + "reference (the law, e.g. CASF R.263-4-1)");
            return null;
        }
        String type = node.path("type").asText("");
        String reference = node.path("reference").isTextual() ? node.get("reference").asText().strip() : null;
        LegalBasis.Type parsed = switch (type) {
            case "public-task" -> LegalBasis.Type.PUBLIC_TASK;
            case "consent" -> LegalBasis.Type.CONSENT;
            default -> null;
        };
        if (parsed == null) {
            problems.add(file + ": legalBasis.type must be public-task or consent, got '" + type + "'");
        }
        if (parsed == LegalBasis.Type.PUBLIC_TASK && (reference == null || reference.isEmpty())) {
            problems.add(file + ": legalBasis.reference is required for public-task: name the law that sets the "
                    + "mission (e.g. CASF L262-30, R.263-4-1)");
        }
        return new LegalBasis(parsed, reference == null || reference.isEmpty() ? null : reference);
    }

    private static String text(JsonNode node, String field, String file, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(file + ": " + field + " is required (a non-empty text)");
            return null;
        }
        return value.asText().strip();
    }

    private static List<String> list(JsonNode node, String field, String file, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            problems.add(file + ": " + field + " is required (a non-empty list)");
            return List.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.add(file + ": " + field + " holds an empty or non-text item");
            } else if (!items.add(item.asText().strip())) {
                problems.add(file + ": " + field + " lists '" + item.asText() + "' twice");
            }
        }
        return List.copyOf(items);
    }
}
