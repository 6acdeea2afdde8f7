package fr.spie.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** /actuator/prometheus shows how long each pipeline step takes, per partner: spie_pipeline_step_seconds. */
class PipelineStepMetricsTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private String prometheus() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The count of one timer series, 0 when absent. */
    private static double count(String metrics, String partner, String step) {
        Matcher m = Pattern.compile("^spie_pipeline_step_seconds_count\\{[^}]*?partner=\"" + Pattern.quote(partner)
                + "\"[^}]*?step=\"" + Pattern.quote(step) + "\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void every_receiving_step_of_a_message_is_timed_under_its_sender_and_delivery_under_the_recipient()
            throws Exception {
        String before = prometheus();
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json").toFile());
        message.put("idDecision", "ORI-METRICS-" + UUID.randomUUID().toString().substring(0, 8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/exchanges/departement/orientation"))
                .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);

        String after = prometheus();
        for (String step : new String[] {"identifyMessageType", "validateInbound", "translateToCanonical",
                "validateCanonical", "resolveSubject", "storeAccepted"}) {
            assertThat(count(after, "departement", step)).as(step).isGreaterThan(count(before, "departement", step));
        }
        assertThat(after).containsPattern("spie_pipeline_step_seconds_sum\\{[^}]*partner=\"departement\"");

        // Delivery runs asynchronously: France Travail's translation is timed under France Travail.
        long deadline = System.currentTimeMillis() + 30_000;
        double delivered = 0;
        while (System.currentTimeMillis() < deadline
                && (delivered = count(prometheus(), "france-travail", "translateForRecipient"))
                <= count(before, "france-travail", "translateForRecipient")) {
            Thread.sleep(200);
        }
        assertThat(delivered).isGreaterThan(count(before, "france-travail", "translateForRecipient"));
    }
}
