package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

/**
 * A JSON Schema (draft-07) loaded from a file, whose relative {@code $ref}s resolve from the file system; validates
 * Jackson trees into an {@link OperationOutcome} whose issues never quote instance values. Thread-safe.
 */
public final class JsonSchemaValidator {

    private static final Pattern REQUIRED_KEY = Pattern.compile("required key \\[(.*)] not found");
    private static final Pattern EXTRANEOUS_KEY = Pattern.compile("extraneous key \\[(.*)] is not permitted");
    private static final Map<String, IssueType> CODES_BY_KEYWORD = Map.ofEntries(
            Map.entry("required", IssueType.REQUIRED),
            Map.entry("additionalProperties", IssueType.STRUCTURE),
            Map.entry("maxLength", IssueType.TOO_LONG),
            Map.entry("type", IssueType.VALUE), Map.entry("format", IssueType.VALUE),
            Map.entry("pattern", IssueType.VALUE), Map.entry("enum", IssueType.VALUE),
            Map.entry("const", IssueType.VALUE), Map.entry("minimum", IssueType.VALUE),
            Map.entry("maximum", IssueType.VALUE), Map.entry("exclusiveMinimum", IssueType.VALUE),
            Map.entry("exclusiveMaximum", IssueType.VALUE), Map.entry("minLength", IssueType.VALUE));

    private final Path schemaFile;
    private final Schema schema;

    private JsonSchemaValidator(Path schemaFile, Schema schema) {
        this.schemaFile = schemaFile;
        this.schema = schema;
    }

    /** Loads and compiles the schema; unknown keywords (e.g. {@code x-spie-category}) are allowed and ignored. */
    public static JsonSchemaValidator load(Path schemaFile) {
        Path file = schemaFile.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(file)) {
            JSONObject raw = (JSONObject) OrgJsonTree.of(new ObjectMapper().readTree(in));
            Schema schema = SchemaLoader.builder()
                    .schemaJson(raw)
                    .draftV7Support()
                    .resolutionScope(file.toUri().toString()) // relative $refs resolve next to the file
                    .schemaClient(JsonSchemaValidator::readLocalSchema)
                    .build().load().build();
            return new JsonSchemaValidator(file, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON schema " + file, e);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("JSON schema " + file + " is not an object", e);
        }
    }

    public Path schemaFile() {
        return schemaFile;
    }

    public OperationOutcome validate(JsonNode document) {
        try {
            schema.validate(OrgJsonTree.of(document));
            return OperationOutcome.ok();
        } catch (ValidationException failure) {
            List<Issue> issues = new ArrayList<>();
            flatten(failure, document, issues);
            return new OperationOutcome(issues);
        }
    }

    private static void flatten(ValidationException failure, JsonNode document, List<Issue> issues) {
        if (failure.getCausingExceptions().isEmpty()) {
            issues.add(issueOf(failure, document));
        }
        failure.getCausingExceptions().forEach(cause -> flatten(cause, document, issues));
    }

    private static Issue issueOf(ValidationException failure, JsonNode document) {
        String keyword = failure.getKeyword() == null ? "" : failure.getKeyword();
        String message = failure.getErrorMessage();
        List<String> pointer = JsonPointerPath.segments(failure.getPointerToViolation());
        String missingOrExtraKey = keyOf(message, keyword);
        if (missingOrExtraKey != null) {
            pointer = new ArrayList<>(pointer);
            pointer.add(missingOrExtraKey);
        }
        JsonNode value = JsonPointerPath.nodeAt(document, pointer);
        String diagnostics = ValueRedaction.redact(message, instanceTexts(value));
        return Issue.error(CODES_BY_KEYWORD.getOrDefault(keyword, IssueType.INVALID),
                JsonPointerPath.expression(document, pointer), diagnostics);
    }

    /** The property a {@code required} or {@code additionalProperties} failure is about: the issue points at it. */
    private static String keyOf(String message, String keyword) {
        Pattern pattern = switch (keyword) {
            case "required" -> REQUIRED_KEY;
            case "additionalProperties" -> EXTRANEOUS_KEY;
            default -> null;
        };
        if (pattern == null || message == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(message);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static List<String> instanceTexts(JsonNode value) {
        if (value == null || value.isContainerNode() || value.isMissingNode()) {
            return List.of();
        }
        return value.isNumber() ? List.of(value.asText(), value.numberValue().toString()) : List.of(value.asText());
    }

    /** Only local files: a schema must not make the hub fetch URLs (offline, and no request forgery). */
    private static InputStream readLocalSchema(String url) {
        try {
            URI uri = new URI(url);
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("only file $refs are resolved, not " + url);
            }
            return Files.newInputStream(Path.of(new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null)));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad $ref " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read referenced schema " + url, e);
        }
    }
}
