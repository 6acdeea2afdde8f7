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
 * France Travail's single JSON messages over REST: the diagnostic (constraints 23 to 26) and the rendez-vous
 * partenaire, 202 when valid, 422 for a value outside France Travail's lists or malformed JSON.
 * The people are fictitious.
 */
class FranceTravailJsonApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String messageType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/exchanges/france-travail/" + messageType))
                .header("X-API-Key", "demo-france-travail").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A fictitious job seeker named by id, name and birth date, as both message types carry them. */
    private ObjectNode jobSeeker() {
        ObjectNode message = json.createObjectNode();
        message.put("identifiant", "FT-TEST-JSON-0001");
        message.put("nom", "LAMBERT");
        message.put("prenom", "CAMILLE");
        message.put("dateNaissance", "1988-09-21");
        return message;
    }

    /** A diagnostic with a mobility (23) and a health (25) constraint. */
    private ObjectNode diagnostic() {
        ObjectNode message = jobSeeker();
        ObjectNode dto = message.putObject("contraintesIndividusDto");
        dto.put("dateDeModification", "2024-04-10T09:15:00.000+00:00");
        ObjectNode mobility = dto.putArray("contraintes").addObject();
        mobility.put("code", "23");
        mobility.put("libelle", "Développer sa mobilité");
        mobility.put("valeur", "OUI");
        ObjectNode objective = mobility.putArray("objectifs").addObject();
        objective.put("libelle", "Obtenir le permis B");
        objective.put("valeur", "EN_COURS");
        ObjectNode health = dto.withArray("contraintes").addObject();
        health.put("code", "25");
        health.put("libelle", "Prendre en compte son état de santé");
        health.put("valeur", "CLOTUREE");
        return message;
    }

    private static List<String> expressions(JsonNode outcome) {
        List<String> found = new ArrayList<>();
        outcome.path("issue").forEach(issue -> issue.path("expression").forEach(e -> found.add(e.asText())));
        return found;
    }

    private void assertAccepted(HttpResponse<String> response) throws Exception {
        // The status alone: the answer is not printed, so that a failure never shows personal data.
        assertThat(response.statusCode()).as("status").isEqualTo(202);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.path("status").asText()).isEqualTo("accepted");
        assertThat(receipt.path("exchangeId").asText()).isNotBlank();
    }

    @Test
    void aDiagnosticNamingItsPersonIsAccepted() throws Exception {
        assertAccepted(post("diagnostic", diagnostic().toString()));
    }

    @Test
    void aConstraintValueOutsideFranceTravailsListGets422NamingTheField() throws Exception {
        ObjectNode message = diagnostic();
        ((ObjectNode) message.path("contraintesIndividusDto").path("contraintes").get(1)).put("valeur", "PEUT_ETRE");
        HttpResponse<String> response = post("diagnostic", message.toString());
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(expressions(outcome)).anyMatch(e -> e.contains("contraintes[1].valeur"));
    }

    @Test
    void malformedJsonGets422WithAStructureIssue() throws Exception {
        HttpResponse<String> response = post("diagnostic", "{\"identifiant\": \"FT-TEST-JSON-0001\",");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("at org.");
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("structure");
    }

    @Test
    void aRendezVousIsAccepted() throws Exception {
        ObjectNode message = jobSeeker();
        message.put("id", "RDV-TEST-JSON-0001");
        message.put("adresse", "12 rue de l'Exemple 07100 Annonay");
        message.put("date", "2024-04-15T09:30:00+02:00");
        message.put("duree", 45);
        message.put("initiateur", "PARTENAIRE");
        message.put("modaliteContact", "VISIO");
        message.put("motif", "ORI");
        ObjectNode organisme = message.putObject("organisme");
        organisme.put("code", "FT");
        organisme.put("idStructure", "07012");
        message.put("statut", "PRIS");
        message.put("typeReception", "IND");
        message.putObject("interlocuteur").put("nom", "MOREL");
        assertAccepted(post("rendez-vous", message.toString()));
    }
}
