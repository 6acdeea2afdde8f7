package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The REST intake of the contract, over real HTTP: 202 after durable storage, 422, 401, 403, 413, 415. */
class ExchangeApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String apiKey, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }

    @Test
    void aValidFluxIsAcceptedWithItsReport() throws Exception {
        // A copy: the specimen itself may have been accepted already by another test, and would be a duplicate.
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml",
                SpecimenCopies.xml(fixture("RSABEM.xml")));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("records").asInt()).isEqualTo(2);
        assertThat(report.path("accepted").asInt()).isEqualTo(2);
        assertThat(report.path("outcomes").get(0).path("exchangeId").asText()).isNotBlank();
    }

    @Test
    void anIncompleteHouseholdIsRejectedWithAnOutcomePointingAtIt() throws Exception {
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml",
                fixture("RSABEI_invalid.xml"));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("accepted").asInt()).isZero();
        JsonNode outcome = report.path("outcomes").get(0).path("outcome");
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        JsonNode issue = outcome.path("issue").get(0);
        assertThat(issue.path("severity").asText()).isEqualTo("error");
        assertThat(issue.path("expression").get(0).asText()).isEqualTo("InfosFoyerRSA[1]");
        assertThat(issue.path("diagnostics").asText()).isNotBlank();
    }

    @Test
    void malformedXmlGets422WithAnOutcomeAndNoStackTrace() throws Exception {
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml",
                "<Racine><IdentificationFlux><APPLIEME>CRI</APP".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
        JsonNode issue = json.readTree(response.body()).path("warnings").get(0);
        assertThat(issue.path("severity").asText()).isIn("fatal", "error");
        assertThat(issue.path("code").asText()).isEqualTo("structure");
    }

    @Test
    void anExternalEntityIsRefusedAsASecurityIssue() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Racine>&x;</Racine>";
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml",
                xxe.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("security").doesNotContain("root:");
    }

    @Test
    void withoutAKeyTheAnswerIs401() throws Exception {
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", null, "application/xml",
                fixture("RSABEM.xml"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("issue").get(0).path("code").asText()).isEqualTo("login");
        // The contract: every issue names where.
        assertThat(json.readTree(response.body()).path("issue").get(0).path("expression").get(0).asText())
                .isEqualTo("X-API-Key");
    }

    @Test
    void aWrongKeyIs401() throws Exception {
        assertThat(post("/api/v1/exchanges/caf/flux-rsa", "not-a-key", "application/xml", fixture("RSABEM.xml"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void anotherPartnersKeyIs403() throws Exception {
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-departement", "application/xml",
                fixture("RSABEM.xml"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json.readTree(response.body()).path("issue").get(0).path("code").asText()).isEqualTo("forbidden");
        assertThat(json.readTree(response.body()).path("issue").get(0).path("expression").get(0).asText())
                .isEqualTo("X-API-Key");
    }

    @Test
    void anUndeclaredMessageTypeIs403() throws Exception {
        assertThat(post("/api/v1/exchanges/caf/orientation", "demo-caf", "application/json", "{}".getBytes())
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aMediaTypeTheFormatDoesNotTakeIs415() throws Exception {
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "text/csv",
                fixture("RSABEM.xml"));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("not-supported");
        assertThat(json.readTree(response.body()).path("issue").get(0).path("expression").get(0).asText())
                .isEqualTo("Content-Type");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] large = new byte[MAX_PAYLOAD + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml", large);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("too-long");
    }

    @Test
    void healthIsUpWithBrokerAndDatabase() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("jms").path("status").asText()).isEqualTo("UP");
    }
}
