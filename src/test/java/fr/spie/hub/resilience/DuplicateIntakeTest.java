package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import fr.spie.hub.support.SpecimenCopies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Effectively once at intake: the same payload, the same partner message id or the same file twice is recognised,
 * answered with the first exchange id (200, status duplicate), journaled DUPLICATE, and never delivered again.
 */
class DuplicateIntakeTest extends HubIntegrationTest {

    private static final Path ORIENTATION = Path.of(
            "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json");

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String key, String contentType, byte[] body,
                                      Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theSameMessageTwiceIsAcceptedOnceAndDeliveredOnce() throws Exception {
        byte[] message = SpecimenCopies.json(ORIENTATION);
        HttpResponse<String> first = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", message, Map.of());
        assertThat(first.statusCode()).isEqualTo(202);
        String exchangeId = json.readTree(first.body()).path("exchangeId").asText();

        HttpResponse<String> second = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", message, Map.of());
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(second.body());
        assertThat(answer.path("status").asText()).isEqualTo("duplicate");
        assertThat(answer.path("exchangeId").asText()).isEqualTo(exchangeId);

        assertThat(journal.journeyOf(exchangeId)).extracting(AuditEvent::step)
                .contains(AuditEvent.Step.ACCEPTED, AuditEvent.Step.DUPLICATE)
                .filteredOn(s -> s == AuditEvent.Step.ACCEPTED).hasSize(1);
        try (PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            // Asking for two copies: only one may come within the time.
            assertThat(franceTravail.receive("spie.outbound.france-travail",
                    m -> exchangeId.equals(m.getStringProperty("spie-exchange-id")), 2, 6_000)).hasSize(1);
        }
    }

    @Test
    void thePartnersMessageIdTwiceIsADuplicateEvenWithOtherBytes() throws Exception {
        String messageId = "ORI-" + UUID.randomUUID();
        HttpResponse<String> first = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", SpecimenCopies.json(ORIENTATION), Map.of("X-Message-Id", messageId));
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<String> again = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", SpecimenCopies.json(ORIENTATION), Map.of("X-Message-Id", messageId));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("exchangeId").asText())
                .isEqualTo(json.readTree(first.body()).path("exchangeId").asText());
    }

    @Test
    void anotherPartnerMayUseTheSameIdsAndARejectedMessageIsNotRemembered() throws Exception {
        byte[] invalid = "{\"idDecision\": 12}".getBytes(StandardCharsets.UTF_8);
        String messageId = "X-" + UUID.randomUUID();
        assertThat(post("/api/v1/exchanges/departement/orientation", "demo-departement", "application/json", invalid,
                Map.of("X-Message-Id", messageId)).statusCode()).isEqualTo(422);
        // Refused, so not taken: sent again (corrected or not), it is judged again rather than called a duplicate.
        assertThat(post("/api/v1/exchanges/departement/orientation", "demo-departement", "application/json", invalid,
                Map.of("X-Message-Id", messageId)).statusCode()).isEqualTo(422);
    }

    @Test
    void theSameFileTwiceInTheInboxIsReportedAsDuplicatesAndNotDeliveredAgain() throws Exception {
        byte[] flux = SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml"));
        String name = "dup-" + UUID.randomUUID();
        JsonNode first = drop(flux, name + "-a.xml");
        assertThat(first.path("accepted").asInt()).isEqualTo(2);
        List<String> exchangeIds = new ArrayList<>();
        first.path("outcomes").forEach(o -> exchangeIds.add(o.path("exchangeId").asText()));

        JsonNode second = drop(flux, name + "-b.xml");
        assertThat(second.path("records").asInt()).isEqualTo(2);
        assertThat(second.path("accepted").asInt()).isZero();
        assertThat(second.path("rejected").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(2);
        List<String> again = new ArrayList<>();
        second.path("outcomes").forEach(o -> {
            assertThat(o.path("status").asText()).isEqualTo("duplicate");
            again.add(o.path("exchangeId").asText());
        });
        assertThat(again).containsExactlyElementsOf(exchangeIds);

        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            List<String> delivered = new ArrayList<>();
            departement.receive("spie.outbound.departement", m -> {
                String id = m.getStringProperty("spie-exchange-id");
                if (exchangeIds.contains(id)) {
                    delivered.add(id);
                    return true;
                }
                return false;
            }, 4, 8_000);
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(exchangeIds);
        }
    }

    private JsonNode drop(byte[] content, String name) throws Exception {
        Path inbox = Files.createDirectories(DATA.resolve("inbox/caf"));
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.write(staging, content);
        Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path report = DATA.resolve("reports/" + name + ".report.json");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(report) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(report).exists();
        return json.readTree(report.toFile());
    }
}
