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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Mission Locale's i-milo messages over REST: a dossier names the young person (no NIR: birth name, first name, birth
 * date) and links its idJeune; an evenement carrying only that idJeune reaches the same person, an unknown idJeune is
 * refused without being quoted. The young people are fictitious; each test uses its own idJeune and names, since the
 * hub's database lives as long as the JVM.
 */
class MissionLocaleApiTest extends HubIntegrationTest {

    private static final String DOSSIER = "/api/v1/exchanges/mission-locale/dossier";
    private static final String EVENEMENT = "/api/v1/exchanges/mission-locale/evenement";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", "demo-mission-locale").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A valid dossier of a fictitious young person in a CEJ; the first name is made unique so that the matching keys are. */
    private ObjectNode dossier(String idJeune) {
        ObjectNode message = json.createObjectNode();
        message.put("idDossier", "D-" + idJeune);
        message.put("idJeune", idJeune);
        message.put("numeroDE", "4567891B");
        message.put("nomNaissance", "LEFÈVRE");
        message.putNull("nomUsage");
        message.put("prenom", "Éloïse-" + idJeune);
        message.put("dateNaissance", "2004-07-12");
        message.put("mail", "eloise.lefevre@jeune.example.org");
        ObjectNode address = message.putObject("adresse");
        address.put("numero", "12");
        address.put("libelleVoie", "rue de la Fontaine");
        address.put("codePostal", "07100");
        address.put("commune", "Annonay");
        ObjectNode structure = message.putObject("structureRattachement");
        structure.put("nomUsuel", "ML Annonay");
        structure.put("codeStructure", "07101");
        ObjectNode cej = message.putObject("accompagnementCEJ");
        cej.put("dateDebut", "2024-02-01");
        cej.put("dateFinPrevue", "2025-01-31");
        ObjectNode situation = message.putArray("situations").addObject();
        situation.put("etat", "EN_COURS");
        situation.put("categorieSituation", "Formation");
        situation.put("codeRomeMetierPrepare", "D1102");
        return message;
    }

    /** An appointment created in i-milo's feed for the young person {@code idJeune}. */
    private ObjectNode evenement(String idJeune) {
        ObjectNode message = json.createObjectNode();
        message.put("identifiant", "evt-" + unique());
        message.put("idDossier", "D-" + idJeune);
        message.put("idJeune", idJeune);
        message.put("type", "RDV");
        message.put("action", "CREATE");
        message.put("idType", "rdv-88412");
        message.put("date", "2024-03-05T09:30:00+01:00");
        return message;
    }

    private static List<String> texts(JsonNode outcome, String member) {
        List<String> found = new ArrayList<>();
        outcome.path("issue").forEach(issue -> {
            JsonNode value = issue.path(member);
            if (value.isArray()) {
                value.forEach(e -> found.add(e.asText()));
            } else if (!value.isMissingNode()) {
                found.add(value.asText());
            }
        });
        return found;
    }

    private void assertAccepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as("status of an accepted message").isEqualTo(202);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.path("status").asText()).isEqualTo("accepted");
        assertThat(receipt.path("exchangeId").asText()).isNotBlank();
    }

    @Test
    void aDossierIsAcceptedThenAnEvenementCarryingOnlyItsIdJeuneReachesTheSameYoungPerson() throws Exception {
        String idJeune = unique();
        assertAccepted(post(DOSSIER, dossier(idJeune).toString()));
        assertAccepted(post(EVENEMENT, evenement(idJeune).toString()));
    }

    @Test
    void anEvenementOfTheRealFeedNamingOnlyTheIdDossierReachesTheDossiersYoungPerson() throws Exception {
        String idJeune = unique();
        assertAccepted(post(DOSSIER, dossier(idJeune).toString()));
        ObjectNode event = evenement(idJeune);
        event.remove("idJeune");
        assertAccepted(post(EVENEMENT, event.toString()));
    }

    @Test
    void anEvenementWithNeitherIdJeuneNorIdDossierGets422() throws Exception {
        ObjectNode event = evenement(unique());
        event.remove("idJeune");
        event.remove("idDossier");
        HttpResponse<String> response = post(EVENEMENT, event.toString());
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void anEvenementOfAnUnknownIdJeuneGets422NamingTheIdentifierKindNeverTheId() throws Exception {
        String idJeune = unique();
        HttpResponse<String> response = post(EVENEMENT, evenement(idJeune).toString());
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(texts(outcome, "diagnostics")).anyMatch(d -> d.contains("i-milo-id-jeune"));
        assertThat(texts(outcome, "expression")).anyMatch(e -> e.endsWith("person.youthId"));
        // A boolean only: the assertion message must not print the id.
        assertThat(response.body().contains(idJeune)).as("the idJeune appears in the answer").isFalse();
    }

    @Test
    void aDossierWithoutPrenomGets422NamingPrenom() throws Exception {
        ObjectNode message = dossier(unique());
        message.remove("prenom");
        HttpResponse<String> response = post(DOSSIER, message.toString());
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(texts(outcome, "expression")).anyMatch(e -> e.contains("prenom"));
    }

    @Test
    void malformedJsonGets422WithAStructureIssueAndNoStackTrace() throws Exception {
        HttpResponse<String> response = post(DOSSIER, "{\"idDossier\": \"D-1\",");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("at org.");
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("structure");
    }
}
