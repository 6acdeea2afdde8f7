package fr.spie.hub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.resilience.DeadLetterStore;
import fr.spie.hub.resilience.KeptPayloads;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerCertificates;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/**
 * Outbound channels as the example partner files (config/examples/partners) declare them, each against a real
 * endpoint: Mission Locale's webhook (a real HTTPS server that fails, then answers, or is down), France Travail's SOAP
 * service (a real CXF endpoint over HTTPS on its own port) for sanctions, and the CAF's outbox folder for orientation
 * and sanction decisions (real files). France Travail still reads its orientations on its queue. Every assertion is
 * scoped to this test's own exchanges.
 */
class OutboundChannelsTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    @Autowired
    ConnectionFactory connectionFactory;

    private final HttpClient http = HttpClient.newHttpClient();
    private PartnerWebhook missionLocale;

    @BeforeEach
    void missionLocaleIsUp() throws Exception {
        missionLocale = new PartnerWebhook(WEBHOOK_PORT, "/spie/orientations", TLS.serverContext("mission-locale"));
    }

    @AfterEach
    void stopMissionLocale() {
        missionLocale.close();
    }

    @Autowired
    DeadLetterStore deadLetters;

    @Test
    void aWebhookThatFailsTwiceIsRetriedWithBackoffThenGetsTheMessageOnce() throws Exception {
        missionLocale.failFirst(2);
        String exchangeId = send("orientation", orientation());

        await(() -> missionLocale.callsOf(exchangeId).stream().anyMatch(c -> c.answered() == 200), 20);
        List<PartnerWebhook.Call> calls = missionLocale.callsOf(exchangeId);
        assertThat(calls).extracting(PartnerWebhook.Call::answered).containsExactly(503, 503, 200);
        PartnerWebhook.Call delivered = calls.get(2);
        // Over HTTPS, the partner's certificate trusted through spie.channels.truststore.
        assertThat(delivered.tlsProtocol()).startsWith("TLS");
        assertThat(delivered.headers()).containsEntry("spie-message-type", "orientation")
                .containsEntry("spie-purpose", "rsa-follow-up").containsKey("spie-correlation-id");
        JsonNode message = json.readTree(delivered.body());
        assertThat(message.path("idEchange").asText()).isEqualTo(exchangeId);
        assertThat(message.path("decision").path("orientation").asText()).isEqualTo("pro");
        // Minimisation: Mission Locale's format carries no NIR.
        assertThat(message.path("jeune").has("nir")).isFalse();

        await(() -> steps(exchangeId, "mission-locale").contains(Step.DELIVERED), 10);
        List<Step> steps = steps(exchangeId, "mission-locale");
        assertThat(steps).containsSubsequence(Step.DISPATCH_QUEUED, Step.RETRIED, Step.RETRIED, Step.DELIVERED);
        assertThat(Collections.frequency(steps, Step.RETRIED)).isEqualTo(2);
        assertThat(Collections.frequency(steps, Step.DELIVERED)).isEqualTo(1);
        assertThat(steps).doesNotContain(Step.DEAD_LETTERED);
        // No fourth call comes later: the message was delivered once.
        Thread.sleep(500);
        assertThat(missionLocale.callsOf(exchangeId)).hasSize(3);
    }

    @Test
    void aWebhookThatIsDownDeadLettersWithTheReasonAndOtherRecipientsStillGetTheirs() throws Exception {
        missionLocale.close();
        String exchangeId = send("orientation", orientation());

        // France Travail (queue) and the CAF (file drop) are not held up by Mission Locale being down.
        try (PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            assertThat(franceTravail.receive("spie.outbound.france-travail", List.of(exchangeId), 30_000)).hasSize(1);
        }
        Path cafFile = DATA.resolve("outbox/caf/decision-departement_" + exchangeId + ".json");
        await(() -> Files.exists(cafFile), 20);

        await(() -> steps(exchangeId, "mission-locale").contains(Step.DEAD_LETTERED), 30);
        AuditEvent dead = journey(exchangeId, "mission-locale").stream()
                .filter(e -> e.step() == Step.DEAD_LETTERED).findFirst().orElseThrow();
        assertThat(dead.detail()).contains("webhook").contains("4 attempt(s)").contains("unreachable");
        assertThat(Collections.frequency(steps(exchangeId, "mission-locale"), Step.RETRIED)).isEqualTo(3);
        assertThat(steps(exchangeId, "mission-locale")).doesNotContain(Step.DELIVERED);

        // The dead letter holds the message and its reason as an OperationOutcome.
        // (spie.dead-letter is drained into the dead-letter store, /api/v1/dead-letters, where it is read here.)
        await(() -> !deadLetters.list("mission-locale", exchangeId, false, 10).isEmpty(), 20);
        KeptPayloads.Entry letter = deadLetters.list("mission-locale", exchangeId, false, 10).get(0);
        JsonNode outcome = letter.reason();
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("transient");
        assertThat(outcome.path("issue").get(0).path("expression").get(0).asText()).isEqualTo("delivery.webhook");
        // What is kept is the canonical event (not Mission Locale's format), so that a replay translates it again.
        JsonNode kept = json.readTree(deadLetters.payload(letter.id()).orElseThrow());
        assertThat(kept.path("id").asText()).isEqualTo(exchangeId);
        assertThat(kept.path("type").asText()).isEqualTo("fr.spie.orientation-decision");
        assertThat(kept.has("idEchange")).isFalse();
    }

    @Test
    void aWebhookDeadLetterIsReplayedOnceTheWebhookIsBackAndReachesItOnce() throws Exception {
        missionLocale.close();
        String exchangeId = send("orientation", orientation());
        await(() -> !deadLetters.list("mission-locale", exchangeId, false, 10).isEmpty(), 30);
        String letter = deadLetters.list("mission-locale", exchangeId, false, 10).get(0).id();

        missionLocale = new PartnerWebhook(WEBHOOK_PORT, "/spie/orientations", TLS.serverContext("mission-locale"));
        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/dead-letters/" + letter + "/replay")).header("X-API-Key", "demo-admin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);

        await(() -> missionLocale.callsOf(exchangeId).stream().anyMatch(c -> c.answered() == 200), 30);
        JsonNode message = json.readTree(missionLocale.callsOf(exchangeId).get(0).body());
        // Translated again into Mission Locale's format, minimised again (no NIR).
        assertThat(message.path("idEchange").asText()).isEqualTo(exchangeId);
        assertThat(message.path("decision").path("orientation").asText()).isEqualTo("pro");
        assertThat(message.path("jeune").has("nir")).isFalse();
        await(() -> steps(exchangeId, "mission-locale").contains(Step.DELIVERED), 10);
        assertThat(steps(exchangeId, "mission-locale"))
                .containsSubsequence(Step.DEAD_LETTERED, Step.REPLAYED, Step.DISPATCH_QUEUED, Step.DELIVERED);
        // Only Mission Locale gets the replay: France Travail's queue copy and the CAF's file are not sent again.
        assertThat(Collections.frequency(steps(exchangeId, "caf"), Step.DELIVERED)).isEqualTo(1);
        assertThat(Collections.frequency(steps(exchangeId, "france-travail"), Step.DELIVERED)).isEqualTo(1);
        Thread.sleep(500);
        assertThat(missionLocale.callsOf(exchangeId)).hasSize(1);
    }

    @Test
    void aSanctionGoesToFranceTravailBySoapAndToTheCafAsAFile() throws Exception {
        try (PartnerSoapService franceTravail = new PartnerSoapService(SOAP_RECIPIENT_PORT,
                TLS.keystore("france-travail"), PartnerCertificates.PASSWORD)) {
            String exchangeId = send("sanction", sanction());

            await(() -> !franceTravail.callsOf(exchangeId).isEmpty(), 20);
            PartnerSoapService.Call call = franceTravail.callsOf(exchangeId).get(0);
            assertThat(call.typeMessage()).isEqualTo("sanction");
            assertThat(call.typeEvenement()).isEqualTo("fr.spie.sanction-decision");
            assertThat(call.finalite()).isEqualTo("rsa-follow-up");
            assertThat(call.httpHeaders().get("spie-exchange-id")).containsExactly(exchangeId);
            JsonNode message = json.readTree(call.contenu());
            assertThat(message.path("nature").asText()).isEqualTo("reduction");
            assertThat(message.path("dateDebut").asText()).isEqualTo("2024-05-01");
            // Minimisation: neither the amount nor the reason.
            assertThat(message.has("montantReduction")).isFalse();
            assertThat(message.has("motif")).isFalse();
            await(() -> steps(exchangeId, "france-travail").contains(Step.DELIVERED), 10);

            Path cafFile = DATA.resolve("outbox/caf/decision-departement_" + exchangeId + ".json");
            await(() -> Files.exists(cafFile), 20);
            JsonNode file = json.readTree(Files.readString(cafFile));
            assertThat(file.path("typeDecision").asText()).isEqualTo("SANCTION");
            assertThat(file.path("sanction").path("nature").asText()).isEqualTo("REDUCTION");
            assertThat(file.path("sanction").path("montantReduction").asInt()).isEqualTo(100);
            assertThat(file.path("allocataire").path("numeroAllocataire").asText()).isEqualTo("0701234567");
        }
    }

    @Test
    void theCafOutboxGetsWholeFilesOnlyNamedByMessageTypeAndExchange() throws Exception {
        String exchangeId = send("orientation", orientation());
        Path outbox = DATA.resolve("outbox/caf");
        Path cafFile = outbox.resolve("decision-departement_" + exchangeId + ".json");
        await(() -> Files.exists(cafFile), 20);
        JsonNode file = json.readTree(Files.readString(cafFile, StandardCharsets.UTF_8));
        assertThat(file.path("idEchange").asText()).isEqualTo(exchangeId);
        assertThat(file.path("typeDecision").asText()).isEqualTo("ORIENTATION");
        assertThat(file.path("orientation").path("type").asText()).isEqualTo("PRO");
        assertThat(file.has("referent")).isFalse();
        // Written under a temporary name, then renamed: no temporary file of this exchange is left behind.
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.contains(exchangeId) && name.endsWith(".tmp"));
        }
        await(() -> steps(exchangeId, "caf").contains(Step.DELIVERED), 10);
        assertThat(steps(exchangeId, "caf")).containsSubsequence(Step.DISPATCH_QUEUED, Step.DELIVERED);
    }

    // --- the Département's decisions, each with its own decision id so that no two posts are the same message

    private ObjectNode orientation() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json").toFile());
        message.put("idDecision", "ORI-CHANNELS-" + UUID.randomUUID());
        return message;
    }

    private ObjectNode sanction() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/sanction/examples/reduction-montant-nir-15.input.json").toFile());
        message.put("idDecision", "SAN-CHANNELS-" + UUID.randomUUID());
        return message;
    }

    private String send(String messageType, JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/exchanges/departement/" + messageType))
                .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    private List<AuditEvent> journey(String exchangeId, String recipient) {
        return journal.journeyOf(exchangeId).stream().filter(e -> recipient.equals(e.recipient())).toList();
    }

    private List<Step> steps(String exchangeId, String recipient) {
        return journey(exchangeId, recipient).stream().map(AuditEvent::step).toList();
    }

    private Message deadLetterOf(String exchangeId, String recipient) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        return jms.browse(Addresses.DEAD_LETTER, (session, browser) -> {
            List<Message> found = new ArrayList<>();
            var messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                if (exchangeId.equals(message.getStringProperty("spie-exchange-id"))
                        && recipient.equals(message.getStringProperty("spie-recipient"))) {
                    found.add(message);
                }
            }
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
