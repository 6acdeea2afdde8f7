package fr.spie.hub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import fr.spie.hub.HubProperties;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an integrator reads before writing a client: the OpenAPI description of the REST API and its rendered page,
 * and the partners' and canonical schemas, served byte for byte as they are on disk (so what the hub validates
 * against is what the partner downloads, even right after a hot reload).
 */
@RestController
public class PublishedInterfaces {

    /** Hand-written, so that every operation says what the contract says; a test keeps it complete. */
    static final String OPENAPI = "api/openapi.json";
    static final String DOCS_PAGE = "api/docs.html";

    private final Path schemas;
    private final ObjectMapper json;

    public PublishedInterfaces(HubProperties properties, ObjectMapper json) {
        this.schemas = properties.resolve("schemas").toAbsolutePath().normalize();
        this.json = json;
    }

    @GetMapping(value = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new ClassPathResource(OPENAPI));
    }

    /** Swagger UI from its webjar (no CDN: the hub may have no internet), pointed at the document above. */
    @GetMapping(value = "/api/v1/docs", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> docs() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(new ClassPathResource(DOCS_PAGE));
    }

    /**
     * {@code /schemas/caf/flux-rsa.xsd}, {@code /schemas/canonical/rsa-household.schema.json}...: the file as on
     * disk; {@code /schemas/} or a folder lists what it holds. Relative {@code $ref}s and {@code xs:include}s keep
     * working because the layout is the same as on disk.
     */
    @GetMapping("/schemas/{*path}")
    public ResponseEntity<?> schema(@PathVariable String path, HttpServletRequest request) {
        Path file = schemas.resolve(path.replaceFirst("^/+", "")).normalize();
        if (!file.startsWith(schemas) || isHidden(file) || !Files.exists(file)) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, IssueType.NOT_FOUND, "No such schema: " + path);
        }
        if (Files.isDirectory(file)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(listing(file));
        }
        return ResponseEntity.ok().contentType(mediaTypeOf(file)).body(new FileSystemResource(file));
    }

    private ArrayNode listing(Path folder) {
        ArrayNode names = json.createArrayNode();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> !isHidden(f)).sorted().forEach(f -> names.add(
                    schemas.relativize(f).toString().replace('\\', '/') + (Files.isDirectory(f) ? "/" : "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private boolean isHidden(Path file) {
        for (Path part : schemas.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static MediaType mediaTypeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return MediaType.APPLICATION_JSON;
        }
        if (name.endsWith(".xsd") || name.endsWith(".wsdl") || name.endsWith(".xml")) {
            return MediaType.APPLICATION_XML;
        }
        return MediaType.TEXT_PLAIN;
    }

    static InputStream openApiDocument() throws IOException {
        return new ClassPathResource(OPENAPI).getInputStream();
    }
}
