package fr.spie.hub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.DeadLetterStore;
import fr.spie.hub.resilience.KeptPayloads;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The remote channels over HTTPS, against real TLS servers on random ports: the Mission Locale's webhook and France
 * Travail's SOAP service, with certificates made by keytool when the tests start (support/PartnerCertificates), the
 * hub's truststore given by spie.channels.truststore. The partner's own certificate is trusted; an impostor's
 * certificate for the same address is refused at the handshake (no byte of the message reaches it), retried, then
 * dead-lettered with a reason that says so.
 */
class RemoteChannelsTlsTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    @Autowired
    DeadLetterStore deadLetters;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theTrustedPartnerCertificateGetsTheMessageOverTls() throws Exception {
        try (PartnerWebhook missionLocale = new PartnerWebhook(WEBHOOK_PORT, "/spie/orientations",
                TLS.serverContext("mission-locale"))) {
            String exchangeId = send("orientation", orientation());

            await(() -> !missionLocale.callsOf(exchangeId).isEmpty(), 20);
            PartnerWebhook.Call call = missionLocale.callsOf(exchangeId).get(0);
            assertThat(call.tlsProtocol()).as("negotiated protocol").isIn("TLSv1.2", "TLSv1.3");
            assertThat(call.answered()).isEqualTo(200);
            assertThat(json.readTree(call.body()).path("idEchange").asText()).isEqualTo(exchangeId);
            await(() -> steps(exchangeId).contains(Step.DELIVERED), 10);
            assertThat(steps(exchangeId)).doesNotContain(Step.RETRIED, Step.DEAD_LETTERED);
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedRetriedThenDeadLetteredWithAClearReason() throws Exception {
        try (PartnerWebhook impostor = new PartnerWebhook(WEBHOOK_PORT, "/spie/orientations",
                TLS.serverContext("impostor"))) {
            String exchangeId = send("orientation", orientation());

            await(() -> steps(exchangeId).contains(Step.DEAD_LETTERED), 30);
            // Refused at the handshake: the impostor never received the message.
            assertThat(impostor.callsOf(exchangeId)).isEmpty();
            List<AuditEvent> journey = journey(exchangeId);
            List<Step> steps = journey.stream().map(AuditEvent::step).toList();
            assertThat(Collections.frequency(steps, Step.RETRIED)).as("retries before giving up").isEqualTo(3);
            assertThat(steps).doesNotContain(Step.DELIVERED);
            assertThat(journey.stream().filter(e -> e.step() == Step.RETRIED).map(AuditEvent::detail))
                    .allMatch(detail -> detail.contains("certificate is not trusted"));
            AuditEvent dead = journey.stream().filter(e -> e.step() == Step.DEAD_LETTERED).findFirst().orElseThrow();
            assertThat(dead.detail()).contains("webhook: gave up after 4 attempt(s)")
                    .contains("TLS handshake failed: the partner's certificate is not trusted")
                    .contains("spie.channels.truststore");

            await(() -> !deadLetters.list("mission-locale", exchangeId, false, 10).isEmpty(), 20);
            KeptPayloads.Entry letter = deadLetters.list("mission-locale", exchangeId, false, 10).get(0);
            JsonNode issue = letter.reason().path("issue").get(0);
            assertThat(issue.path("code").asText()).isEqualTo("transient");
            assertThat(issue.path("expression").get(0).asText()).isEqualTo("delivery.webhook");
            assertThat(issue.path("diagnostics").asText()).contains("certificate is not trusted");
        }
    }

    @Test
    void aSoapServiceWithAnUntrustedCertificateIsRefusedRetriedThenDeadLetteredWithAClearReason() throws Exception {
        try (PartnerSoapService impostor = new PartnerSoapService(SOAP_RECIPIENT_PORT, TLS.keystore("impostor"),
                PartnerCertificates.PASSWORD)) {
            String exchangeId = send("sanction", sanction());

            await(() -> steps(exchangeId, "france-travail").contains(Step.DEAD_LETTERED), 30);
            assertThat(impostor.callsOf(exchangeId)).isEmpty();
            List<AuditEvent> journey = journey(exchangeId, "france-travail");
            assertThat(Collections.frequency(journey.stream().map(AuditEvent::step).toList(), Step.RETRIED))
                    .isEqualTo(3);
            AuditEvent dead = journey.stream().filter(e -> e.step() == Step.DEAD_LETTERED).findFirst().orElseThrow();
            assertThat(dead.detail()).contains("soap: gave up after 4 attempt(s)")
                    .contains("SOAP TLS handshake failed: the partner's certificate is not trusted");
        }
    }

    @Test
    void aTruststoreThatCannotBeReadStopsTheStartWithItsName() {
        Path missing = Path.of("target", "no-such-truststore-" + UUID.randomUUID() + ".p12");
        ChannelSettings.Truststore truststore = new ChannelSettings.Truststore(missing.toString(),
                PartnerCertificates.PASSWORD, "PKCS12");
        assertThatThrownBy(() -> PartnerTrust.trustManagers(truststore)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spie.channels.truststore").hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> PartnerTrust.trustManagers(new ChannelSettings.Truststore(
                TLS.truststore().toString(), "wrong-password", "PKCS12")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("spie.channels.truststore");
        assertThat(PartnerTrust.trustManagers(new ChannelSettings.Truststore(" ", null, "PKCS12")))
                .as("no truststore: the JDK's authorities").isNull();
    }

    // --- the Département's decisions, each with its own decision id so that no two posts are the same message

    private ObjectNode orientation() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json").toFile());
        message.put("idDecision", "ORI-TLS-" + UUID.randomUUID());
        return message;
    }

    private ObjectNode sanction() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/sanction/examples/reduction-montant-nir-15.input.json").toFile());
        message.put("idDecision", "SAN-TLS-" + UUID.randomUUID());
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

    private List<AuditEvent> journey(String exchangeId) {
        return journey(exchangeId, "mission-locale");
    }

    private List<AuditEvent> journey(String exchangeId, String recipient) {
        return journal.journeyOf(exchangeId).stream().filter(e -> recipient.equals(e.recipient())).toList();
    }

    private List<Step> steps(String exchangeId) {
        return steps(exchangeId, "mission-locale");
    }

    private List<Step> steps(String exchangeId, String recipient) {
        return journey(exchangeId, recipient).stream().map(AuditEvent::step).toList();
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
