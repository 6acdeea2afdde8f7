package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * i-milo's event feed, one message type whose variants become two event types (config/partners/mission-locale.yaml):
 * an RDV event is a fr.spie.appointment, a SESSION or DOSSIER event a fr.spie.pathway-step. Sent over REST and over
 * the Mission Locale's queue; the Département reads what it gets on its own queue with a stock Artemis client: a
 * "rendez-vous" (without a time, which the feed does not carry) or an "etape-parcours". Every young person is
 * fictitious and unique to its test; assertions are scoped to this test's exchanges.
 */
class MissionLocaleFeedTest extends HubIntegrationTest {

    private static final String API = "/api/v1/exchanges/mission-locale/";
    private static final String DEPARTEMENT_QUEUE = "spie.outbound.departement";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anRdvEventOverRestBecomesAnAppointmentTheDepartementReadsWithoutATime() throws Exception {
        String idJeune = knownYoungPerson();
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            ObjectNode event = event("rdv-cree", idJeune);
            String exchangeId = accepted(post("evenement", event.toString()));

            Message received = only(departement.receive(DEPARTEMENT_QUEUE, List.of(exchangeId), 30_000));
            assertThat(received.getStringProperty("spie-event-type")).isEqualTo("fr.spie.appointment");
            assertThat(received.getStringProperty("spie-message-type")).isEqualTo("rendez-vous");
            assertThat(received.getStringProperty("spie-purpose")).isEqualTo("youth-follow-up");
            JsonNode rendezVous = json.readTree(((TextMessage) received).getText());
            assertThat(rendezVous.path("source").asText()).isEqualTo("mission-locale");
            assertThat(rendezVous.path("beneficiaire").path("identifiantJeune").asText()).isEqualTo(idJeune);
            assertThat(rendezVous.path("beneficiaire").path("pseudonyme").asText()).isNotBlank();
            JsonNode appointment = rendezVous.path("rendezVous");
            assertThat(appointment.path("identifiant").asText()).isEqualTo(event.path("idType").asText());
            assertThat(appointment.path("statut").asText()).isEqualTo("PRIS");
            assertThat(appointment.path("evenement").asText()).isEqualTo("CREATE");
            assertThat(appointment.path("dateEvenement").asText()).isEqualTo(event.path("date").asText());
            // The feed gives when i-milo recorded the change, not when the young person is expected: no time.
            assertThat(appointment.has("dateHeure")).isFalse();

            assertThat(translatedWith(exchangeId)).isEqualTo("mappings/mission-locale/evenement-rdv/to-canonical.jsonata");
        }
    }

    @Test
    void sessionAndDossierEventsSentOnTheQueueBecomePathwayStepsOfTheSameYoungPerson() throws Exception {
        String idJeune = knownYoungPerson();
        try (PartnerClient missionLocale = PartnerClient.demo(BROKER_PORT, "mission-locale");
             PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            String session = sendOnQueue(missionLocale, event("session-modifiee", idJeune));
            String dossier = sendOnQueue(missionLocale, event("dossier-archive-sans-idtype", idJeune));

            List<Message> received = departement.receive(DEPARTEMENT_QUEUE, List.of(session, dossier), 30_000);
            assertThat(received).hasSize(2);
            for (Message message : received) {
                assertThat(message.getStringProperty("spie-event-type")).isEqualTo("fr.spie.pathway-step");
                assertThat(message.getStringProperty("spie-message-type")).isEqualTo("etape-parcours");
                JsonNode step = json.readTree(((TextMessage) message).getText());
                assertThat(step.path("beneficiaire").path("identifiantJeune").asText()).isEqualTo(idJeune);
                String expectedType = message.getStringProperty("spie-exchange-id").equals(session) ? "SESSION"
                        : "DOSSIER";
                assertThat(step.path("etape").path("type").asText()).isEqualTo(expectedType);
            }
            assertThat(translatedWith(session)).isEqualTo("mappings/mission-locale/evenement/to-canonical.jsonata");
        }
    }

    @Test
    void everyActionOfAnRdvIsAnAppointmentWithAStatusOnlyWhenTheActionSaysIt() throws Exception {
        String idJeune = knownYoungPerson();
        Map<String, String> statusOf = Map.of("CREATE", "PRIS", "DELETE", "ANNULE", "UPDATE", "", "ARCHIVE", "");
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            for (Map.Entry<String, String> action : statusOf.entrySet()) {
                ObjectNode event = event("rdv-cree", idJeune);
                event.put("action", action.getKey());
                String exchangeId = accepted(post("evenement", event.toString()));
                JsonNode appointment = json.readTree(((TextMessage) only(departement.receive(DEPARTEMENT_QUEUE,
                        List.of(exchangeId), 30_000))).getText()).path("rendezVous");
                assertThat(appointment.path("evenement").asText()).isEqualTo(action.getKey());
                assertThat(appointment.path("statut").asText()).as(action.getKey()).isEqualTo(action.getValue());
            }
        }
    }

    @Test
    void anRdvEventWithAnUnknownActionGets422AtTheActionAndReachesNobody() throws Exception {
        String idJeune = knownYoungPerson();
        ObjectNode event = event("rdv-cree", idJeune);
        event.put("action", "POSTPONE");
        HttpResponse<String> response = post("evenement", event.toString());
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue")).hasSize(1);
        JsonNode issue = outcome.path("issue").get(0);
        assertThat(issue.path("severity").asText()).isEqualTo("error");
        assertThat(issue.path("expression").get(0).asText()).isEqualTo("action");
        // Nothing was translated, so nothing was delivered: no event type was chosen for it.
        assertThat(response.body()).doesNotContain(idJeune);
    }

    // --- helpers

    /** A young person the hub knows: a dossier (unique names and idJeune) has linked its idJeune and idDossier. */
    private String knownYoungPerson() throws Exception {
        String idJeune = "J" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        ObjectNode dossier = (ObjectNode) json.readTree(Path.of(
                "mappings/mission-locale/dossier/examples/cej-en-cours-complet.input.json").toFile());
        dossier.put("idJeune", idJeune);
        dossier.put("idDossier", "D-" + idJeune);
        dossier.put("prenom", "Inès-" + idJeune);
        accepted(post("dossier", dossier.toString()));
        return idJeune;
    }

    /** An example input of the evenement mappings, made this young person's and unique (its own event id). */
    private ObjectNode event(String example, String idJeune) throws Exception {
        Path folder = example.startsWith("rdv") ? Path.of("mappings/mission-locale/evenement-rdv/examples")
                : Path.of("mappings/mission-locale/evenement/examples");
        ObjectNode event = (ObjectNode) json.readTree(folder.resolve(example + ".input.json").toFile());
        event.put("identifiant", "evt-" + UUID.randomUUID());
        event.put("idJeune", idJeune);
        event.put("idDossier", "D-" + idJeune);
        return event;
    }

    private HttpResponse<String> post(String messageType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + API + messageType))
                .header("X-API-Key", "demo-mission-locale").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    /** Sends on spie.inbound.mission-locale; returns the exchange id of the receipt on spie.outbound.mission-locale. */
    private String sendOnQueue(PartnerClient missionLocale, ObjectNode event) throws Exception {
        String correlation = UUID.randomUUID().toString();
        missionLocale.send("spie.inbound.mission-locale", event.toString(), Map.of("spie-message-type", "evenement",
                "spie-correlation-id", correlation));
        Message receipt = only(missionLocale.receive("spie.outbound.mission-locale",
                m -> correlation.equals(m.getStringProperty("spie-correlation-id")), 1, 30_000));
        assertThat(receipt.getStringProperty("spie-message-type")).as(((TextMessage) receipt).getText())
                .isEqualTo("receipt");
        return json.readTree(((TextMessage) receipt).getText()).path("exchangeId").asText();
    }

    private String translatedWith(String exchangeId) {
        return journal.journeyOf(exchangeId).stream().filter(e -> e.step() == Step.TRANSLATED)
                .map(AuditEvent::detail).findFirst().orElseThrow();
    }

    private static Message only(List<Message> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
