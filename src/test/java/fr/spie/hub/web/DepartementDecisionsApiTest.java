package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
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
 * The Département's sanction, contract and SPIE cohort messages, single JSON messages over REST: 202 when valid,
 * 422 naming the faulty field otherwise. The people are fictitious; assertions never print their data.
 */
class DepartementDecisionsApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String messageType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/exchanges/departement/" + messageType))
                .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A fictitious beneficiary with a NIR carrying its right key (97 - 1850307010123 mod 97 = 71). */
    private ObjectNode beneficiaire(ObjectNode message) {
        ObjectNode person = message.putObject("beneficiaire");
        person.put("nir", "185030701012371");
        person.put("nom", "FAURE");
        person.put("prenom", "JULIEN");
        person.put("dateNaissance", "1985-03-14");
        person.put("numeroAllocataire", "0701234567");
        person.put("identifiantPoleEmploi", "1234567A");
        return message;
    }

    private ObjectNode reduction() {
        ObjectNode message = json.createObjectNode();
        message.put("idDecision", "SAN-TEST-0001");
        message.put("dateDecision", "2024-04-10");
        message.put("typeSanction", "reduction");
        message.put("motif", "Absence au rendez-vous sans motif légitime");
        message.put("montantReduction", 100);
        message.put("dateEffet", "2024-05-01");
        message.put("dateFin", "2024-07-31");
        return beneficiaire(message);
    }

    private ObjectNode cer() {
        ObjectNode message = json.createObjectNode();
        message.put("idContrat", "CER-TEST-0001");
        message.put("typeContrat", "cer");
        message.put("dateSignature", "2024-03-20");
        message.put("dateDebut", "2024-04-01");
        message.put("dateFin", "2024-09-30");
        ObjectNode referent = message.putObject("referent");
        referent.put("nom", "GIRARD");
        referent.put("email", "sophie.girard@referent.example.org");
        return beneficiaire(message);
    }

    private ObjectNode cohortEntry() {
        ObjectNode message = json.createObjectNode();
        message.put("idCohorte", "SPIE-ANN-TEST");
        message.put("bassinEmploi", "Annonay");
        message.put("dateEntree", "2024-01-15");
        return beneficiaire(message);
    }

    private void assertAccepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.path("status").asText()).isEqualTo("accepted");
        assertThat(receipt.path("exchangeId").asText()).isNotBlank();
    }

    /** Asserts a 422 OperationOutcome and returns its expressions (field paths only, never values). */
    private List<String> rejectedExpressions(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        List<String> found = new ArrayList<>();
        outcome.path("issue").forEach(issue -> issue.path("expression").forEach(e -> found.add(e.asText())));
        return found;
    }

    @Test
    void aReductionIsAccepted() throws Exception {
        assertAccepted(post("sanction", reduction().toString()));
    }

    @Test
    void aSanctionOfAnUnknownTypeGets422NamingTypeSanction() throws Exception {
        ObjectNode message = reduction();
        message.put("typeSanction", "radiation");
        assertThat(rejectedExpressions(post("sanction", message.toString())))
                .anyMatch(e -> e.endsWith("typeSanction"));
    }

    @Test
    void aContractIsAcceptedAsAPathwayStep() throws Exception {
        assertAccepted(post("contrat", cer().toString()));
    }

    @Test
    void aContractWithoutItsSignatureDateGets422NamingDateSignature() throws Exception {
        ObjectNode message = cer();
        message.remove("dateSignature");
        assertThat(rejectedExpressions(post("contrat", message.toString())))
                .anyMatch(e -> e.contains("dateSignature"));
    }

    @Test
    void aCohortEntryIsAcceptedAsAPathwayStep() throws Exception {
        assertAccepted(post("cohorte", cohortEntry().toString()));
    }

    @Test
    void aCohortOutsideTheSixBassinsGets422NamingBassinEmploi() throws Exception {
        ObjectNode message = cohortEntry();
        message.put("bassinEmploi", "Lyon");
        assertThat(rejectedExpressions(post("cohorte", message.toString())))
                .anyMatch(e -> e.endsWith("bassinEmploi"));
    }
}
