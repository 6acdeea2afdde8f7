package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hostile corpus (src/test/resources/hostile/) and bad input sent over REST: each answered with a precise
 * OperationOutcome, nothing expanded or fetched, a refused single message quarantined with its reason, and a valid
 * message sent right after still accepted (nothing else affected).
 */
class HostileInputTest extends HubIntegrationTest {

    private static final Path HOSTILE = Path.of("src/test/resources/hostile");
    private static final Path ORIENTATION = Path.of(
            "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json");

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String key, String contentType, byte[] body, String correlation)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", key).header("Content-Type", contentType).header("X-Correlation-Id", correlation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> flux(byte[] body) throws Exception {
        return post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml", body,
                UUID.randomUUID().toString());
    }

    private static List<String> codes(JsonNode issues) {
        List<String> codes = new ArrayList<>();
        issues.forEach(i -> codes.add(i.path("code").asText()));
        return codes;
    }

    /** A refused orientation: 422, its issues, and its quarantine entry found through the correlation id. */
    private JsonNode refusedOrientation(byte[] body) throws Exception {
        String correlation = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", body, correlation);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        String quarantined = jdbc.queryForObject("SELECT detail FROM audit_event WHERE correlation_id = ? AND step = "
                + "'QUARANTINED'", String.class, correlation);
        String id = quarantined.substring("quarantine ".length());
        String reason = jdbc.queryForObject("SELECT reason FROM quarantine WHERE id = ?", String.class, id);
        // The same issues (where and what kind); the answer's diagnostics may be translated for the caller.
        JsonNode kept = json.readTree(reason);
        assertThat(kept.findValues("expression")).isEqualTo(outcome.findValues("expression"));
        assertThat(codes(kept.path("issue"))).isEqualTo(codes(outcome.path("issue")));
        return outcome;
    }

    private void aValidMessageIsStillAccepted() throws Exception {
        assertThat(post("/api/v1/exchanges/departement/orientation", "demo-departement", "application/json",
                SpecimenCopies.json(ORIENTATION), UUID.randomUUID().toString()).statusCode()).isEqualTo(202);
    }

    private ObjectNode orientation() throws Exception {
        return (ObjectNode) json.readTree(Files.readAllBytes(ORIENTATION));
    }

    @Test
    void anExternalEntityIsNeverFetched() throws Exception {
        HttpResponse<String> response = flux(Files.readAllBytes(HOSTILE.resolve("xxe.xml")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(codes(json.readTree(response.body()).path("warnings"))).contains("security");
        assertThat(response.body()).doesNotContain("root:");
        aValidMessageIsStillAccepted();
    }

    @Test
    void billionLaughsIsNeverExpanded() throws Exception {
        HttpResponse<String> response = flux(Files.readAllBytes(HOSTILE.resolve("billion-laughs.xml")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(codes(json.readTree(response.body()).path("warnings"))).contains("security");
        assertThat(response.body()).doesNotContain("lollol");
    }

    @Test
    void anyDtdIsRefused() throws Exception {
        for (String file : List.of("internal-dtd.xml", "external-dtd.xml")) {
            HttpResponse<String> response = flux(Files.readAllBytes(HOSTILE.resolve(file)));
            assertThat(response.statusCode()).as(file).isEqualTo(422);
            assertThat(codes(json.readTree(response.body()).path("warnings"))).as(file).contains("security");
        }
    }

    @Test
    void anOversizedPayloadIs413() throws Exception {
        byte[] large = new byte[MAX_PAYLOAD + 10];
        java.util.Arrays.fill(large, (byte) ' ');
        HttpResponse<String> response = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", large, UUID.randomUUID().toString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(codes(json.readTree(response.body()).path("issue"))).containsExactly("too-long");
        aValidMessageIsStillAccepted();
    }

    @Test
    void deepNestingIsRefusedAndQuarantined() throws Exception {
        String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        JsonNode outcome = refusedOrientation(deep.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).isNotBlank();
        aValidMessageIsStillAccepted();
    }

    @Test
    void aTruncatedMessageIsRefusedAsStructureAndQuarantined() throws Exception {
        byte[] whole = Files.readAllBytes(ORIENTATION);
        JsonNode outcome = refusedOrientation(java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(codes(outcome.path("issue"))).contains("structure");
    }

    @Test
    void aTruncatedFluxIsReportedAsStructure() throws Exception {
        byte[] whole = SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml"));
        HttpResponse<String> response = flux(java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        JsonNode report = json.readTree(response.body());
        assertThat(codes(report.path("warnings"))).contains("structure");
    }

    @Test
    void anInvalidDateIsRefusedAtItsPathAndQuarantined() throws Exception {
        ObjectNode message = orientation();
        message.put("dateDecision", "2024-02-30");
        JsonNode outcome = refusedOrientation(json.writeValueAsBytes(message));
        assertThat(outcome.findValues("expression").toString()).contains("dateDecision");
        assertThat(outcome.toString()).doesNotContain("2024-02-30");
    }

    @Test
    void aNirWithAWrongKeyIsRefusedWithoutQuotingItAndQuarantined() throws Exception {
        ObjectNode message = orientation();
        ((ObjectNode) message.path("beneficiaire")).put("nir", "185030701012372");
        JsonNode outcome = refusedOrientation(json.writeValueAsBytes(message));
        assertThat(outcome.findValues("expression").toString()).contains("nir");
        assertThat(outcome.toString()).doesNotContain("185030701012372");
    }

    @Test
    void anUnknownCodeIsRefusedAtItsPathAndQuarantined() throws Exception {
        ObjectNode message = orientation();
        message.put("orientation", "astrologique");
        JsonNode outcome = refusedOrientation(json.writeValueAsBytes(message));
        assertThat(outcome.findValues("expression").toString()).contains("orientation");
        aValidMessageIsStillAccepted();
    }

    @Test
    void utf8SentAsWindows1252IsReadAsDeclaredAndWindows1252SentAsUtf8IsRefused() throws Exception {
        ObjectNode message = orientation();
        ((ObjectNode) message.path("beneficiaire")).put("prenom", "Éloïse-" + UUID.randomUUID());
        // JSON must be UTF-8 (RFC 8259): the same text in windows-1252 is not valid UTF-8 and must not be guessed.
        byte[] latin = json.writeValueAsString(message).getBytes("windows-1252");
        JsonNode outcome = refusedOrientation(latin);
        assertThat(outcome.toString()).doesNotContain("Éloïse");
    }
}
