package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The published interfaces are what the hub really serves: the OpenAPI document lists every endpoint of the running
 * hub (read from Spring's own handler mapping) and nothing it does not serve; the rendered page works without
 * internet; every schema file downloads byte for byte as it is on disk.
 */
class PublishedInterfacesTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode openApi() throws Exception {
        HttpResponse<byte[]> response = get("/api/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** "GET /api/v1/exchanges/{}/{}": variable names and catch-all variables ({*path}) do not matter. */
    private static String operation(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{\\*?[^}]*}", "{}");
    }

    /** Every operation Spring MVC serves, but Spring Boot's own /error page. */
    private Set<String> servedOperations() {
        Set<String> served = new TreeSet<>();
        for (var entry : handlerMapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod handler = entry.getValue();
            if (handler.getBeanType().getName().startsWith("org.springframework.boot")) {
                continue;
            }
            var methods = info.getMethodsCondition().getMethods();
            for (String path : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    served.add(operation("ANY", path) + "  (" + handler + ": declare its HTTP method)");
                }
                methods.forEach(m -> served.add(operation(m.name(), path)));
            }
        }
        return served;
    }

    private static Set<String> documentedOperations(JsonNode openApi) {
        Set<String> documented = new TreeSet<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(operation(method, path.getKey()))));
        return documented;
    }

    @Test
    void the_openapi_document_lists_every_endpoint_the_hub_serves() throws Exception {
        Set<String> served = servedOperations();
        Set<String> documented = documentedOperations(openApi());
        assertThat(served).as("endpoints found in Spring's handler mapping").contains(
                "POST /api/v1/exchanges/{}/{}", "GET /api/v1/openapi.json", "GET /schemas/{}");

        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(documented);
        assertThat(missing).as("endpoints the hub serves that src/main/resources/api/openapi.json does not describe"
                + " (add each under \"paths\")").isEmpty();
    }

    @Test
    void the_openapi_document_promises_nothing_the_hub_does_not_serve() throws Exception {
        Set<String> served = servedOperations();
        Set<String> promised = new TreeSet<>(documentedOperations(openApi()));
        // Actuator endpoints live in their own handler mapping; the test below calls them for real.
        promised.removeIf(op -> op.contains(" /actuator/"));
        promised.removeAll(served);
        assertThat(promised).as("operations in openapi.json that no controller serves").isEmpty();
    }

    @Test
    void the_documented_actuator_endpoints_answer() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/prometheus")) {
            assertThat(openApi().path("paths").has(path)).as(path + " documented").isTrue();
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void the_openapi_document_is_openapi_3_with_every_operation_described() throws Exception {
        JsonNode doc = openApi();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            assertThat(op.getValue().path("summary").asText()).as(op.getKey() + " " + path.getKey() + " summary")
                    .isNotBlank();
            assertThat(op.getValue().path("responses").size()).as(op.getKey() + " " + path.getKey() + " responses")
                    .isPositive();
        }));
    }

    @Test
    void the_rendered_page_uses_swagger_ui_served_by_the_hub_itself() throws Exception {
        HttpResponse<byte[]> page = get("/api/v1/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("/api/v1/openapi.json").doesNotContain("https://").doesNotContain("http://");
        var scripts = java.util.regex.Pattern.compile("(?:src|href)=\"(/webjars/[^\"]+)\"").matcher(html);
        int assets = 0;
        while (scripts.find()) {
            HttpResponse<byte[]> asset = get(scripts.group(1));
            assertThat(asset.statusCode()).as(scripts.group(1)).isEqualTo(200);
            assertThat(asset.body().length).as(scripts.group(1)).isGreaterThan(1000);
            assets++;
        }
        assertThat(assets).as("Swagger UI script and stylesheet").isEqualTo(2);
    }

    @Test
    void the_soap_channel_publishes_its_wsdl() throws Exception {
        HttpResponse<byte[]> wsdl = get("/services/exchange?wsdl");
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(new String(wsdl.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("definitions")
                .contains("exchange");
    }

    @Test
    void every_schema_file_downloads_exactly_as_on_disk() throws Exception {
        Path schemas = Path.of("schemas");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(schemas)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".xsd")).anyMatch(f -> f.toString().endsWith(".json"));
        for (Path file : files) {
            String path = "/schemas/" + schemas.relativize(file).toString().replace('\\', '/');
            HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo(Files.readAllBytes(file));
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertThat(type).as(path).startsWith(file.toString().endsWith(".json") ? "application/json"
                    : file.toString().endsWith(".txt") ? "text/plain" : "application/xml");
        }
    }

    @Test
    void a_schema_folder_lists_its_files_and_an_unknown_schema_is_a_404_outcome() throws Exception {
        JsonNode listing = json.readTree(get("/schemas/canonical/").body());
        assertThat(listing).extracting(JsonNode::asText).contains("canonical/rsa-household.schema.json");
        JsonNode root = json.readTree(get("/schemas/").body());
        assertThat(root).extracting(JsonNode::asText).contains("canonical/", "caf/");

        HttpResponse<byte[]> missing = get("/schemas/canonical/no-such.schema.json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void nothing_outside_the_schemas_folder_can_be_downloaded() throws Exception {
        for (String path : List.of("/schemas/..%2Fconfig/partners/caf.yaml", "/schemas/%2E%2E/config/partners/caf.yaml",
                "/schemas/..;/config/partners/caf.yaml")) {
            HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).as(path).isBetween(400, 499);
            assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).as(path)
                    .doesNotContain("apiKeySha256");
        }
    }

}
