package fr.spie.hub;

import com.fasterxml.jackson.databind.JsonNode;
import fr.spie.hub.mapping.MappingExamples;
import fr.spie.hub.validation.OperationOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * Test-side JSON Schema (draft-07) checks with Everit, until the validation branch's JsonSchemaValidator is merged:
 * then {@code MappingExamples.SchemaCheck} becomes {@code (schema, doc) -> JsonSchemaValidator.load(schema).validate(doc)}.
 * Relative {@code $ref}s resolve against the schema file's folder.
 */
public final class EveritSchemas implements MappingExamples.SchemaCheck {

    private final Map<Path, Schema> loaded = new ConcurrentHashMap<>();

    /** Loads a schema file; throws when it is not JSON or not a valid schema. */
    public static Schema load(Path file) {
        try {
            JSONObject raw = new JSONObject(new JSONTokener(Files.readString(file)));
            return SchemaLoader.builder()
                    .schemaJson(raw)
                    .draftV7Support()
                    .resolutionScope(file.toAbsolutePath().getParent().toUri().toString())
                    .build().load().build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OperationOutcome validate(Path schema, JsonNode document) {
        Schema compiled = loaded.computeIfAbsent(schema.toAbsolutePath().normalize(), EveritSchemas::load);
        try {
            compiled.validate(new JSONObject(new JSONTokener(document.toString())));
            return OperationOutcome.ok();
        } catch (ValidationException e) {
            List<OperationOutcome.Issue> issues = new ArrayList<>();
            collect(e, issues);
            return new OperationOutcome(issues);
        }
    }

    private static void collect(ValidationException e, List<OperationOutcome.Issue> issues) {
        if (e.getCausingExceptions().isEmpty()) {
            issues.add(OperationOutcome.Issue.error(OperationOutcome.IssueType.INVALID, e.getPointerToViolation(),
                    e.getErrorMessage()));
        } else {
            e.getCausingExceptions().forEach(c -> collect(c, issues));
        }
    }
}
