package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON schemas of the pipeline, each loaded once on first use and shared across threads. */
public final class JsonSchemas {

    // Swapped whole by a hot reload (replaceWith), never edited in place.
    private volatile ConcurrentHashMap<Path, JsonSchemaValidator> validatorsByFile = new ConcurrentHashMap<>();

    /** The validator of a schema file, loaded on first call; a schema that fails to load is not cached. */
    public JsonSchemaValidator validator(Path schemaFile) {
        return validatorsByFile.computeIfAbsent(schemaFile.toAbsolutePath().normalize(), JsonSchemaValidator::load);
    }

    /** Takes the validators loaded by another instance (a hot reload checked them all first). */
    public void replaceWith(JsonSchemas loaded) {
        this.validatorsByFile = loaded.validatorsByFile;
    }

    public OperationOutcome validate(Path schemaFile, JsonNode document) {
        return validator(schemaFile).validate(document);
    }
}
