package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Département's orientation decision, a single JSON message over REST: 202 and delivery to France Travail,
 * 422 for malformed JSON, a schema violation or a NIR whose key is wrong, 415 for another media type.
 * The people are fictitious.
 */
class OrientationApiTest extends HubIntegrationTest {

    private static final String PATH = "/api/v1/exchanges/departement/orientation";
    /** A fictitious NIR with its right key (97 - 1850307010123 mod 97 = 71). */
    private static final String NIR_15 = "185030701012371";
    /** The same NIR with a wrong key. */
    private static final String NIR_WRONG_KEY = "185030701012372";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("X-API-Key", "demo-departement").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A valid "pro" orientation of a fictitious person, with a 15-character NIR, a structure and a referent. */
    private ObjectNode orientation(String nir) {
        ObjectNode message = json.createObjectNode();
        message.put("idDecision", "ORI-TEST-0001");
        message.put("dateDecision", "2024-03-05");
        message.put("orientation", "pro");
        message.put("statut", "validee");
        ObjectNode person = message.putObject("beneficiaire");
        person.put("nir", nir);
        person.put("nom", "FAURE");
        person.put("prenom", "JULIEN");
        person.put("dateNaissance", "1985-03-14");
        person.put("identifiantPoleEmploi", "1234567A");
        ObjectNode structure = message.putObject("structure");
        structure.put("siret", "99912345600018");
        structure.put("nom", "France Travail Annonay");
        ObjectNode referent = message.putObject("referent");
        referent.put("nom", "GIRARD");
        referent.put("prenom", "SOPHIE");
        referent.put("email", "sophie.girard@referent.example.org");
        return message;
    }

    private static List<String> expressions(JsonNode outcome) {
        List<String> found = new ArrayList<>();
        outcome.path("issue").forEach(issue -> issue.path("expression").forEach(e -> found.add(e.asText())));
        return found;
    }

    @Test
    void aValidOrientationIsAcceptedAndDeliveredToFranceTravail() throws Exception {
        HttpResponse<String> response = post("application/json", orientation(NIR_15).toString());
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.path("status").asText()).isEqualTo("accepted");
        String exchangeId = receipt.path("exchangeId").asText();
        assertThat(exchangeId).isNotBlank();

        try (PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            List<Message> received = franceTravail.receive("spie.outbound.france-travail", List.of(exchangeId),
                    30_000);
            assertThat(received).hasSize(1);
            Message message = received.get(0);
            assertThat(message.getStringProperty("spie-message-type")).isEqualTo("orientation");
            assertThat(message.getStringProperty("spie-purpose")).isEqualTo("rsa-follow-up");
            JsonNode delivered = json.readTree(((TextMessage) message).getText());
            assertThat(delivered.path("idEchange").asText()).isEqualTo(exchangeId);
            assertThat(delivered.path("orientation").asText()).isEqualTo("pro");
            assertThat(delivered.path("dateDecision").asText()).isEqualTo("2024-03-05");
            assertThat(delivered.path("statut").asText()).isEqualTo("validee");
            assertThat(delivered.path("structure").path("identifiant").asText()).isEqualTo("99912345600018");
            assertThat(delivered.path("referent").path("email").asText())
                    .isEqualTo("sophie.girard@referent.example.org");
            // Personal data: booleans and sizes only, so that a failure never prints them.
            JsonNode person = delivered.path("beneficiaire");
            assertThat(person.path("nir").asText().equals(NIR_15.substring(0, 13))).as("NIR without its key")
                    .isTrue();
            assertThat(person.path("nom").asText().equals("FAURE")).as("last name").isTrue();
            assertThat(person.path("prenom").asText().equals("JULIEN")).as("first name").isTrue();
            assertThat(person.path("dateNaissance").asText().equals("1985-03-14")).as("birth date").isTrue();
            assertThat(person.path("identifiantFranceTravail").asText().equals("1234567A"))
                    .as("France Travail id").isTrue();
            assertThat(person.path("pseudonyme").asText().length()).isEqualTo(32);
            // Minimisation: the free-text reason is not France Travail's (none was sent, none may appear).
            assertThat(delivered.has("motif")).isFalse();
        }
    }

    @Test
    void malformedJsonGets422WithAStructureIssueAndNoStackTrace() throws Exception {
        HttpResponse<String> response = post("application/json", "{\"orientation\": \"pro\",");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("at org.");
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("structure");
    }

    @Test
    void aMessageAgainstTheSchemaGets422NamingEachWrongField() throws Exception {
        ObjectNode message = orientation(NIR_15);
        message.put("orientation", "autre");
        message.remove("beneficiaire");
        HttpResponse<String> response = post("application/json", message.toString());
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(expressions(outcome)).anyMatch(e -> e.contains("orientation"))
                .anyMatch(e -> e.contains("beneficiaire"));
    }

    @Test
    void aNirWithAWrongKeyGets422PointingAtThePersonsNirWithoutQuotingIt() throws Exception {
        HttpResponse<String> response = post("application/json", orientation(NIR_WRONG_KEY).toString());
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(expressions(outcome)).anyMatch(e -> e.endsWith("person.identity.nir"));
        List<String> diagnostics = new ArrayList<>();
        outcome.path("issue").forEach(issue -> diagnostics.add(issue.path("diagnostics").asText()));
        assertThat(diagnostics).isNotEmpty();
        // Booleans only: the assertion message must not print the NIR.
        assertThat(response.body().contains(NIR_WRONG_KEY)).as("the NIR appears in the answer").isFalse();
        assertThat(response.body().contains(NIR_WRONG_KEY.substring(0, 13))).as("the NIR appears in the answer")
                .isFalse();
    }

    @Test
    void xmlIs415() throws Exception {
        HttpResponse<String> response = post("application/xml", "<orientation>pro</orientation>");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("not-supported");
    }
}
