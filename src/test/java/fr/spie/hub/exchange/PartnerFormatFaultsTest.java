package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.generate.FranceTravailExtractGenerator;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import fr.spie.hub.support.SpecimenCopies;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The formats the other fault tests left without a fault case, each through its real channel: France Travail's
 * actions CSV (wrong date format and bad commune code in one row each, the other rows taken; wrong separator; missing
 * mandatory column; wrong encoding), its rendez-vous JSON (unknown status code, wrong date format), i-milo's feed and
 * dossier (wrong date format, wrong encoding), and the CAF's "open right" specimen through REST to the Département's
 * queue. Each answer names the field and never quotes the value; a valid message sent after is still accepted.
 */
class PartnerFormatFaultsTest extends HubIntegrationTest {

    private static final String ACTIONS_HEADER = "identifiant_unique_de;codeaction;lblaction;objectif_formation;"
            + "date_prescription;date_realisation_action;date_prev_debut;date_debut;date_fin;formation;"
            + "adr.dc_commune_id\n";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    // --- France Travail's actions (CSV, one action per row)

    @Test
    void anActionsFileReportsAFrenchDateAndABadCommuneCodeRowByRowAndTakesTheOtherRows() throws Exception {
        String id = knownJobSeeker();
        String csv = ACTIONS_HEADER
                + action(id, "2022-03-03 00:00:00.0", "13005")
                + action(id, "03/03/2022", "13005")                // a French date where a timestamp is expected
                + action(id, "2022-03-04 00:00:00.0", "1300X")     // not an INSEE commune code
                + action(id, "2022-03-05 00:00:00.0", "2A004");    // Corsica: a valid code with a letter
        HttpResponse<String> response = post("france-travail", "actions", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("records").asInt()).isEqualTo(4);
        assertThat(report.path("accepted").asInt()).isEqualTo(2);
        assertThat(report.at("/outcomes/0/status").asText()).isEqualTo("accepted");
        assertThat(report.at("/outcomes/3/status").asText()).isEqualTo("accepted");
        assertThat(issues(report.at("/outcomes/1/outcome"))).containsExactly("error value row[2].date_prescription");
        // A column name with a dot is written ["..."] so that the expression stays unambiguous.
        assertThat(issues(report.at("/outcomes/2/outcome")))
                .containsExactly("error value row[3][\"adr.dc_commune_id\"]");
        assertThat(response.body()).doesNotContain("03/03/2022").doesNotContain("1300X");
    }

    @Test
    void anActionsFileCutWithCommasIsRefusedNamingTheSeparator() throws Exception {
        String csv = (ACTIONS_HEADER + action(UUID.randomUUID().toString(), "2022-03-03 00:00:00.0", "13005"))
                .replace(';', ',');
        HttpResponse<String> response = post("france-travail", "actions", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("severity").asText()).isEqualTo("fatal");
        assertThat(issue.path("diagnostics").asText()).contains("separated by ','");
    }

    @Test
    void anActionsFileWithoutItsCodeactionColumnIsRefusedNamingIt() throws Exception {
        String csv = "identifiant_unique_de;lblaction;date_prescription\n"
                + UUID.randomUUID() + ";UNE ACTION;2022-03-03 00:00:00.0\n";
        HttpResponse<String> response = post("france-travail", "actions", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("code").asText()).isEqualTo("required");
        assertThat(issue.path("diagnostics").asText()).contains("codeaction");
    }

    @Test
    void aWindows1252ActionsFileIsRefusedSayingItsCharacterSet() throws Exception {
        String csv = ACTIONS_HEADER + action(UUID.randomUUID().toString(), "2022-03-03 00:00:00.0", "13005")
                .replace("UNE ACTION", "PRÉPARATION À L'EMPLOI");
        HttpResponse<String> response = post("france-travail", "actions", "text/csv",
                csv.getBytes(Charset.forName("windows-1252")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).at("/warnings/0/diagnostics").asText()).contains("character set");
    }

    // --- France Travail's rendez-vous partenaire (JSON)

    @Test
    void aRendezVousWithAnUnknownStatusOrAFrenchDateGets422AtThatFieldAndAValidOneStillGoesThrough()
            throws Exception {
        ObjectNode unknownStatus = rendezVous();
        unknownStatus.put("statut", "VENU");
        assertThat(refused(post("france-travail", "rendez-vous", "application/json", bytes(unknownStatus))))
                .containsExactly("error value statut");

        ObjectNode frenchDate = rendezVous();
        frenchDate.put("date", "15/04/2024 09:30");
        HttpResponse<String> response = post("france-travail", "rendez-vous", "application/json", bytes(frenchDate));
        assertThat(refused(response)).containsExactly("error value date");
        assertThat(response.body()).doesNotContain("15/04/2024");

        HttpResponse<String> valid = post("france-travail", "rendez-vous", "application/json", bytes(rendezVous()));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(202);
    }

    // --- Mission Locale's i-milo (JSON)

    @Test
    void anIMiloEventWithAFrenchDateGets422AtItsDate() throws Exception {
        ObjectNode event = (ObjectNode) json.readTree(
                Path.of("mappings/mission-locale/evenement/examples/session-modifiee.input.json").toFile());
        event.put("identifiant", "evt-" + UUID.randomUUID());
        event.put("date", "06/03/2024 15:00");
        assertThat(refused(post("mission-locale", "evenement", "application/json", bytes(event))))
                .containsExactly("error value date");
    }

    @Test
    void anIMiloDossierInWindows1252Gets422SayingItIsNotUtf8() throws Exception {
        ObjectNode dossier = (ObjectNode) json.readTree(
                Path.of("mappings/mission-locale/dossier/examples/cej-en-cours-complet.input.json").toFile());
        dossier.put("idJeune", "J" + UUID.randomUUID().toString().substring(0, 8));
        dossier.put("prenom", "Élodie");
        HttpResponse<String> response = post("mission-locale", "dossier", "application/json",
                dossier.toString().getBytes(Charset.forName("windows-1252")));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/issue/0");
        assertThat(issue.path("code").asText()).isEqualTo("structure");
        assertThat(issue.path("diagnostics").asText()).containsIgnoringCase("UTF-8");
    }

    // --- the CAF's specimen with an open RSA right, through REST to the Département's queue

    @Test
    void theCafOpenRightSpecimenSentOverRestReachesTheDepartementsQueue() throws Exception {
        byte[] flux = SpecimenCopies.xml(FIXTURES.resolve("RSABEM-ouvert.xml"));
        HttpResponse<String> response = post("caf", "flux-rsa", "application/xml", flux);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("rejected").asInt()).isZero();
        List<String> exchangeIds = new ArrayList<>();
        report.path("outcomes").forEach(o -> exchangeIds.add(o.path("exchangeId").asText()));
        assertThat(exchangeIds).isNotEmpty();
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            List<Message> received = departement.receive("spie.outbound.departement", exchangeIds, 30_000);
            assertThat(received).hasSize(exchangeIds.size());
            for (Message message : received) {
                assertThat(message.getStringProperty("spie-message-type")).isEqualTo("foyer-rsa");
                assertThat(json.readTree(((TextMessage) message).getText()).path("idEchange").asText())
                        .isIn(exchangeIds);
            }
        }
    }

    // --- helpers

    /** A job seeker the hub knows: one extract row (unique name) has linked its identifiant_unique_de. */
    private String knownJobSeeker() throws Exception {
        String id = UUID.randomUUID().toString();
        String name = "ROUX" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").toUpperCase();
        String csv = FranceTravailExtractGenerator.HEADER + "\n" + id + ";M;" + name + ";SACHA;NULL;NULL;"
                + "1989-06-07 00:00:00.0" + ";NULL".repeat(36) + ";O\n";
        HttpResponse<String> response = post("france-travail", "extract-spie", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(json.readTree(response.body()).path("accepted").asInt()).as(response.body()).isEqualTo(1);
        return id;
    }

    private static String action(String id, String prescribed, String commune) {
        return id + ";EFO;UNE ACTION;NULL;" + prescribed + ";NULL;NULL;NULL;NULL;NULL;" + commune + "\n";
    }

    /** A rendez-vous of a person named in full (no prior message needed), unique by its id. */
    private ObjectNode rendezVous() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/france-travail/rendez-vous/examples/accompagnement-physique-effectue.input.json").toFile());
        message.put("id", "RDV-FAULTS-" + UUID.randomUUID());
        message.put("identifiant", "FT-FAULTS-" + UUID.randomUUID());
        message.put("prenom", "CAMILLE" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").toUpperCase());
        return message;
    }

    private static byte[] bytes(JsonNode message) {
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<String> refused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        return issues(outcome);
    }

    /** Each issue as "severity code expression", the way a reader checks it. */
    private static List<String> issues(JsonNode outcome) {
        List<String> found = new ArrayList<>();
        outcome.path("issue").forEach(issue -> found.add(issue.path("severity").asText() + " "
                + issue.path("code").asText() + " " + issue.at("/expression/0").asText()));
        return found;
    }

    private HttpResponse<String> post(String partner, String messageType, String contentType, byte[] body)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/exchanges/" + partner + "/" + messageType)).header("X-API-Key", "demo-" + partner)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
