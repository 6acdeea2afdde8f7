package fr.spie.hub.reload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hot reload, on the running hub (whose home is a copy of the repository's files, see HubIntegrationTest): a partner
 * added with files only receives at once; an edited mapping gives its new output to the next message; a mapping that
 * no longer compiles, a partner file that does not parse and a route that does not load are refused with a precise
 * message, and the previous version keeps running. Every reload and refusal is in the audit journal.
 */
class HotReloadTest extends HubIntegrationTest {

    /** A partner of this test only, subscribed to the Département's orientation decisions. */
    private static final String PROBE = "reload-probe";
    private static final String PARTNER_FILE = "config/partners/" + PROBE + ".yaml";
    private static final String AGREEMENT_FILE = "config/sharing-agreements/" + PROBE + ".yaml";
    private static final String MAPPING = "mappings/" + PROBE + "/orientation/from-canonical.jsonata";
    private static final String SCHEMA = "schemas/" + PROBE + "/orientation.schema.json";
    private static final String ROUTE = "routes/" + PROBE + ".camel.yaml";
    private static final long RELOAD_WAIT_MILLIS = 20_000;

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_partner_added_with_files_receives_and_an_edited_mapping_gives_its_new_output_at_once() throws Exception {
        write(SCHEMA, """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "required": ["version", "orientation"],
                 "properties": {"version": {"type": "integer"}, "orientation": {"type": "string"}}}""");
        write(MAPPING, "{\"version\": 1, \"orientation\": data.orientation}");
        // Without a sharing agreement nothing is delivered (docs/consent.md): the probe gets one, as a file too.
        write(AGREEMENT_FILE, """
                id: reload-probe-orientation
                recipient: reload-probe
                eventTypes: [fr.spie.orientation-decision]
                purpose: rsa-follow-up
                legalBasis: {type: public-task, reference: "test partner of HotReloadTest"}
                categories: [identity, rsa-rights, employment, pathway]
                """);
        write(PARTNER_FILE, """
                # A partner of HotReloadTest: receives the orientation decisions in its own small format.
                id: reload-probe
                name: Hot reload probe
                credentials:
                  apiKeySha256:
                    - %s
                delivery:
                  channel: queue
                subscriptions:
                  - eventType: fr.spie.orientation-decision
                    messageType: probe-orientation
                    format: json
                    mapping: %s
                    schema: %s
                """.formatted(sha256("demo-" + PROBE), MAPPING, SCHEMA));
        String added = awaitAudit("CONFIGURATION_RELOADED", PARTNER_FILE);
        assertThat(added).contains(MAPPING, SCHEMA);
        // Sharing agreements are looked at again at most once a second, on decisions (SharingPolicy): let one such
        // interval pass so that the probe's agreement is in force before its first message.
        Thread.sleep(1_100);
        sendOrientation();
        Thread.sleep(1_100);

        assertThat(deliveredToProbe(sendOrientation()).path("version").asInt()).isEqualTo(1);

        write(MAPPING, "{\"version\": 2, \"orientation\": $uppercase(data.orientation)}");
        awaitAudit("CONFIGURATION_RELOADED", MAPPING);
        JsonNode second = deliveredToProbe(sendOrientation());
        assertThat(second.path("version").asInt()).isEqualTo(2);
        assertThat(second.path("orientation").asText()).isEqualTo("PRO");

        // A broken edit: refused with the file and the reason, and version 2 keeps running.
        write(MAPPING, "{\"version\": 3, \"orientation\": $uppercase(data.orientation}");
        String refused = awaitAudit("CONFIGURATION_REFUSED", MAPPING);
        assertThat(refused).contains(MAPPING + ": ").contains("does not compile");
        assertThat(deliveredToProbe(sendOrientation()).path("version").asInt()).isEqualTo(2);

        // A partner file that does not parse is refused too, naming the file; the partner keeps receiving.
        String partnerFile = read(PARTNER_FILE);
        write(PARTNER_FILE, partnerFile.replace("subscriptions:", "subscriptions: [oops"));
        String brokenPartner = awaitAudit("CONFIGURATION_REFUSED", PARTNER_FILE);
        assertThat(brokenPartner).contains(PARTNER_FILE + ": ");
        // A partner file naming a mapping that does not exist: refused, saying which.
        write(PARTNER_FILE, partnerFile.replace(MAPPING, "mappings/reload-probe/orientation/no-such.jsonata"));
        assertThat(awaitAudit("CONFIGURATION_REFUSED", "no-such.jsonata, which does not exist")).contains(PARTNER_FILE);

        // Fixed again: the next reload takes the last good files and the new version.
        write(PARTNER_FILE, partnerFile);
        write(MAPPING, "{\"version\": 4, \"orientation\": data.orientation}");
        awaitAudit("CONFIGURATION_RELOADED", MAPPING);
        assertThat(deliveredToProbe(sendOrientation()).path("version").asInt()).isEqualTo(4);
    }

    @Test
    void a_route_file_is_loaded_edited_and_a_broken_one_refused_while_the_previous_route_keeps_running()
            throws Exception {
        ProducerTemplate producer = camel.createProducerTemplate();
        write(ROUTE, route("v1"));
        awaitAudit("CONFIGURATION_RELOADED", ROUTE);
        assertThat(producer.requestBody("direct:reload-probe", "", String.class)).isEqualTo("v1");

        write(ROUTE, route("v2"));
        awaitAudit("CONFIGURATION_RELOADED", ROUTE);
        assertThat(producer.requestBody("direct:reload-probe", "", String.class)).isEqualTo("v2");

        write(ROUTE, route("v3").replace("steps:", "steps: [ {"));
        String refused = awaitAudit("CONFIGURATION_REFUSED", ROUTE);
        assertThat(refused).contains(ROUTE + ": ");
        assertThat(producer.requestBody("direct:reload-probe", "", String.class)).isEqualTo("v2");

        // A route that parses but cannot start (its bean does not exist) is put back to the version that ran.
        write(ROUTE, route("v4").replace("- setBody:", "- bean:\n            ref: noSuchBean\n        - setBody:"));
        awaitAudit("CONFIGURATION_REFUSED", ROUTE);
        assertThat(producer.requestBody("direct:reload-probe", "", String.class)).isEqualTo("v2");
        assertThat(camel.getRouteController().getRouteStatus("reload-probe").isStarted()).isTrue();

        // Leave a good file behind: the hub is shared with the other tests.
        write(ROUTE, route("v2"));
        awaitAudit("CONFIGURATION_RELOADED", ROUTE);
    }

    private static String route(String version) {
        return """
                # A route of HotReloadTest only.
                - route:
                    id: reload-probe
                    from:
                      uri: direct:reload-probe
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(version);
    }

    /** Posts a fresh orientation decision of the Département (a distinct decision id each time). */
    private String sendOrientation() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json").toFile());
        message.put("idDecision", "ORI-RELOAD-" + UUID.randomUUID().toString().substring(0, 8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/exchanges/departement/orientation"))
                .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    /** What the probe partner reads on its own queue, logged in with its own key like any partner. */
    private JsonNode deliveredToProbe(String exchangeId) throws Exception {
        try (PartnerClient probe = PartnerClient.demo(BROKER_PORT, PROBE)) {
            List<Message> received = probe.receive("spie.outbound." + PROBE, List.of(exchangeId), 30_000);
            assertThat(received).as("delivery of " + exchangeId + " to " + PROBE).hasSize(1);
            assertThat(received.get(0).getStringProperty("spie-message-type")).isEqualTo("probe-orientation");
            return json.readTree(((TextMessage) received.get(0)).getText());
        }
    }

    /** The audit journal's last id when the last file was written: the events awaited come after it. */
    private long mark;

    /** Waits for an audit event of this step, after the last write, whose detail mentions {@code text}. */
    private String awaitAudit(String step, String text) throws InterruptedException {
        String sql = "SELECT detail FROM audit_event WHERE id > ? AND step = ? AND detail LIKE ? ORDER BY id";
        String like = "%" + text.replace("%", "\\%").replace("_", "\\_") + "%";
        long deadline = System.currentTimeMillis() + RELOAD_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<String> details = jdbc.queryForList(sql, String.class, mark, step, like);
            if (!details.isEmpty()) {
                return details.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + step + " audit event mentioning " + text + " within "
                + RELOAD_WAIT_MILLIS + " ms; last configuration events: " + jdbc.queryForList(
                "SELECT step || ' ' || detail FROM audit_event WHERE step LIKE 'CONFIGURATION%' ORDER BY id DESC "
                        + "LIMIT 3", String.class));
    }

    private void write(String file, String text) throws Exception {
        Long last = jdbc.queryForObject("SELECT MAX(id) FROM audit_event", Long.class);
        mark = last == null ? 0 : last;
        Path path = HOME.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    private static String read(String file) throws Exception {
        return Files.readString(HOME.resolve(file), StandardCharsets.UTF_8);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
