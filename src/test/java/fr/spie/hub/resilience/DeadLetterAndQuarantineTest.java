package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import fr.spie.hub.validation.OperationOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dead letters and quarantine: listed and shown with their OperationOutcome (never their payload), payloads sealed
 * with AES-GCM at rest, replayed once and linked to the original exchange in the audit trail (REPLAYED), purged after
 * the retention period (PAYLOADS_PURGED), and only for the administrator.
 */
class DeadLetterAndQuarantineTest extends HubIntegrationTest {

    private static final String NIR = "185030701012371";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    DeadLetterStore deadLetters;

    @Autowired
    PayloadRetention retention;

    @Autowired
    AuditJournal journal;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String key, String body, String correlation)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (correlation != null) {
            request.header("X-Correlation-Id", correlation);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A canonical orientation decision for France Travail (the mapping example's input), under a fresh id. */
    private byte[] canonicalOrientation(String exchangeId) throws Exception {
        ObjectNode event = (ObjectNode) json.readTree(Files.readAllBytes(Path.of(
                "mappings/france-travail/orientation-decision/examples/orientation-pro-nir-15.input.json")));
        event.put("id", exchangeId);
        event.put("correlationid", exchangeId);
        return json.writeValueAsBytes(event);
    }

    @Test
    void aDeadLetterIsShownWithItsReasonReplayedOnceToItsRecipientAndLinkedInTheAudit() throws Exception {
        String exchangeId = UUID.randomUUID().toString();
        String id = deadLetters.record("france-travail", exchangeId, "orientation",
                OperationOutcome.error(OperationOutcome.IssueType.TRANSIENT, null, "France Travail's webhook answered 503"),
                canonicalOrientation(exchangeId));

        HttpResponse<String> listed = call("GET", "/api/v1/dead-letters?exchangeId=" + exchangeId, "demo-admin", null,
                null);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode entries = json.readTree(listed.body());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("id").asText()).isEqualTo(id);

        HttpResponse<String> shown = call("GET", "/api/v1/dead-letters/" + id, "demo-admin", null, null);
        JsonNode entry = json.readTree(shown.body());
        assertThat(entry.path("partner").asText()).isEqualTo("france-travail");
        assertThat(entry.path("reason").path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(entry.path("reason").path("issue").get(0).path("diagnostics").asText()).contains("503");
        assertThat(entry.path("payloadKept").asBoolean()).isTrue();
        assertThat(shown.body()).doesNotContain(NIR).doesNotContain("FAURE");

        try (PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            HttpResponse<String> replayed = call("POST", "/api/v1/dead-letters/" + id + "/replay", "demo-admin", null,
                    null);
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
            assertThat(franceTravail.receive("spie.outbound.france-travail", List.of(exchangeId), 30_000)).hasSize(1);
        }
        assertThat(call("POST", "/api/v1/dead-letters/" + id + "/replay", "demo-admin", null, null).statusCode())
                .as("a dead letter is replayed once").isEqualTo(409);
        List<AuditEvent> journey = journal.journeyOf(exchangeId);
        assertThat(journey).extracting(AuditEvent::step)
                .containsSubsequence(Step.DEAD_LETTERED, Step.REPLAYED, Step.DELIVERED);
        assertThat(journey).filteredOn(e -> e.step() == Step.REPLAYED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(id));
        assertThat(journey).filteredOn(e -> e.step() == Step.DELIVERED).extracting(AuditEvent::recipient)
                .containsOnly("france-travail");
    }

    @Test
    void keptPayloadsAreSealedAtRestAndOpenOnlyWithTheirKey() throws Exception {
        String exchangeId = UUID.randomUUID().toString();
        byte[] payload = canonicalOrientation(exchangeId);
        String id = deadLetters.record("france-travail", exchangeId, "orientation", "{}", payload);
        byte[] stored = jdbc.queryForObject("SELECT payload FROM dead_letter WHERE id = ?", byte[].class, id);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(NIR).doesNotContain("FAURE");
        assertThat(deadLetters.payload(id)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));

        PayloadVault otherKey = new PayloadVault(new ResilienceProperties(
                "b3RoZXItdmF1bHQta2V5LW9mLTMyLWJ5dGVzLTAwMDE=", java.time.Duration.ofDays(1), java.time.Duration.ofHours(1)));
        assertThatThrownBy(() -> otherKey.open(stored, id)).isInstanceOf(IllegalStateException.class);
        PayloadVault sameKey = new PayloadVault(new ResilienceProperties(
                "REVNTy12YXVsdC1rZXktbm90LWZvci1wcm9kLTAwMDE=", java.time.Duration.ofDays(1), java.time.Duration.ofHours(1)));
        assertThatThrownBy(() -> sameKey.open(stored, "another-row")).as("bound to its row")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void payloadsPastTheRetentionArePurgedJournaledAndNoLongerReplayable() throws Exception {
        String oldExchange = UUID.randomUUID().toString();
        String old = deadLetters.record("france-travail", oldExchange, "orientation", "{}", canonicalOrientation(oldExchange));
        String freshExchange = UUID.randomUUID().toString();
        String fresh = deadLetters.record("france-travail", freshExchange, "orientation", "{}",
                canonicalOrientation(freshExchange));
        // Only this row is made old, so that the purge touches nothing of the other tests.
        jdbc.update("UPDATE dead_letter SET recorded_at = ? WHERE id = ?", Timestamp.from(Instant.parse(
                "2001-01-01T00:00:00Z")), old);
        retention.purgeRecordedBefore(Instant.parse("2001-01-02T00:00:00Z"));
        retention.purge();

        assertThat(deadLetters.payload(old)).isEmpty();
        assertThat(deadLetters.find(old).orElseThrow().payloadKept()).isFalse();
        assertThat(deadLetters.payload(fresh)).as("within the retention of 30 days").isPresent();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE step = 'PAYLOADS_PURGED' AND detail LIKE ?",
                Integer.class, "%before 2001-01-02T00:00:00Z%")).isEqualTo(1);
        assertThat(call("POST", "/api/v1/dead-letters/" + old + "/replay", "demo-admin", null, null).statusCode())
                .isEqualTo(410);
    }

    @Test
    void aRefusedMessageIsQuarantinedAndReplayedOnceItsCauseIsFixed() throws Exception {
        String idJeune = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String correlation = UUID.randomUUID().toString();
        HttpResponse<String> refused = call("POST", "/api/v1/exchanges/mission-locale/evenement", "demo-mission-locale",
                evenement(idJeune).toString(), correlation);
        assertThat(refused.statusCode()).isEqualTo(422);
        String original = jdbc.queryForObject("SELECT exchange_id FROM audit_event WHERE correlation_id = ? AND step = "
                + "'QUARANTINED'", String.class, correlation);

        JsonNode listed = json.readTree(call("GET", "/api/v1/quarantine?partner=mission-locale&exchangeId=" + original,
                "demo-admin", null, null).body());
        assertThat(listed).hasSize(1);
        JsonNode entry = listed.get(0);
        assertThat(entry.path("messageType").asText()).isEqualTo("evenement");
        assertThat(entry.path("reason").findValues("expression").toString()).contains("person.youthId");
        assertThat(listed.toString()).doesNotContain(idJeune);
        String id = entry.path("id").asText();

        // The cause goes away: the dossier naming this idJeune arrives. The evenement can now be taken.
        assertThat(call("POST", "/api/v1/exchanges/mission-locale/dossier", "demo-mission-locale",
                dossier(idJeune).toString(), null).statusCode()).isEqualTo(202);
        HttpResponse<String> replayed = call("POST", "/api/v1/quarantine/" + id + "/replay", "demo-admin", null, null);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
        JsonNode answer = json.readTree(replayed.body());
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        String replay = answer.path("exchangeId").asText();
        assertThat(replay).isNotEqualTo(original);

        assertThat(journal.journeyOf(original)).extracting(AuditEvent::step)
                .containsSubsequence(Step.REJECTED, Step.QUARANTINED, Step.REPLAYED);
        assertThat(journal.journeyOf(original)).filteredOn(e -> e.step() == Step.REPLAYED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(replay));
        assertThat(journal.journeyOf(replay)).extracting(AuditEvent::step).contains(Step.REPLAYED, Step.ACCEPTED);
        assertThat(journal.journeyOf(replay)).filteredOn(e -> e.step() == Step.REPLAYED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(original));
        assertThat(call("POST", "/api/v1/quarantine/" + id + "/replay", "demo-admin", null, null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void onlyTheAdministratorSeesDeadLettersAndQuarantineAndEveryRefusalIsJournaled() throws Exception {
        assertThat(call("GET", "/api/v1/dead-letters", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/dead-letters", "demo-auditor", null, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/quarantine", "demo-caf", null, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/quarantine/x/replay", "demo-departement", null, null).statusCode())
                .isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE step = 'ACCESS_DENIED' AND detail = ?",
                Integer.class, "partner:departement POST /api/v1/quarantine/x/replay: role partner may not do this"))
                .isGreaterThanOrEqualTo(1);
    }

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

    private ObjectNode evenement(String idJeune) {
        ObjectNode message = json.createObjectNode();
        message.put("identifiant", "evt-" + idJeune);
        message.put("idDossier", "D-" + idJeune);
        message.put("idJeune", idJeune);
        message.put("type", "RDV");
        message.put("action", "CREATE");
        message.put("idType", "rdv-88412");
        message.put("date", "2024-03-05T09:30:00+01:00");
        return message;
    }
}
