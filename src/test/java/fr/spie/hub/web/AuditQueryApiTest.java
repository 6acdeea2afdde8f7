package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The auditor's questions against the running hub: a person found by NIR (posted, hashed by the server), their
 * events, one exchange's journey, their access report in JSON and CSV. Every assertion is scoped to this test's own
 * exchanges and people (the journal is shared with every other test). The people are fictitious.
 */
class AuditQueryApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String apiKey, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A fictitious NIR of this run: 13 digits and their key. */
    static String freshNir() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "2" + "91" + "07" + "07" + random.nextInt(100, 1000) + random.nextInt(100, 1000);
        long key = 97 - Long.parseLong(body) % 97;
        return body + "%02d".formatted(key);
    }

    private String sendOrientation(String nir) throws Exception {
        ObjectNode message = json.createObjectNode();
        message.put("idDecision", "ORI-AUDIT-" + UUID.randomUUID().toString().substring(0, 8));
        message.put("dateDecision", "2024-03-05");
        message.put("orientation", "pro");
        message.put("statut", "validee");
        ObjectNode person = message.putObject("beneficiaire");
        person.put("nir", nir);
        person.put("nom", "AUDITEUR");
        person.put("prenom", "CAMILLE");
        person.put("dateNaissance", "1991-07-02");
        ObjectNode structure = message.putObject("structure");
        structure.put("siret", "99912345600018");
        structure.put("nom", "France Travail Annonay");
        HttpResponse<String> response = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                message.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    /**
     * The delivery side journals asynchronously: waits until France Travail's outcome is in the journal and the
     * journey has stopped growing (other channels may still be dispatching), so that pages do not shift under us.
     */
    private void awaitOutcomeFor(String exchangeId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int stableSize = -1;
        long stableSince = 0;
        while (System.currentTimeMillis() < deadline) {
            List<AuditEvent> journey = journal.journeyOf(exchangeId);
            boolean outcome = journey.stream().anyMatch(e -> "france-travail".equals(e.recipient())
                    && (e.step() == Step.DELIVERED || e.step() == Step.DELIVERY_FAILED
                    || e.step() == Step.SHARING_DECIDED && e.outcome() == Outcome.REJECTED));
            if (journey.size() != stableSize) {
                stableSize = journey.size();
                stableSince = System.currentTimeMillis();
            } else if (outcome && System.currentTimeMillis() - stableSince > 1500) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No settled delivery outcome journaled for " + exchangeId);
    }

    @Test
    void anAuditorFindsAPersonByNirAndFollowsTheirExchange() throws Exception {
        String nir = freshNir();
        String exchangeId = sendOrientation(nir);
        awaitOutcomeFor(exchangeId);

        HttpResponse<String> lookup = post("/api/v1/audit/subjects/lookup", "demo-auditor",
                json.createObjectNode().put("nir", nir).toString());
        assertThat(lookup.statusCode()).isEqualTo(200);
        String subject = json.readTree(lookup.body()).path("subject").asText();
        assertThat(subject).hasSize(32).doesNotContain(nir.substring(0, 13));
        assertThat(json.readTree(lookup.body()).path("exchanges").asInt()).isEqualTo(1);

        JsonNode bySubject = json.readTree(get("/api/v1/audit/events?subject=" + subject + "&size=500",
                "demo-auditor").body());
        assertThat(ids(bySubject)).containsOnly(exchangeId);

        JsonNode accepted = json.readTree(get("/api/v1/audit/events?exchangeId=" + exchangeId
                + "&step=ACCEPTED&partner=departement&type=orientation&from=2020-01-01", "demo-auditor").body());
        assertThat(accepted.path("total").asLong()).isEqualTo(1);
        assertThat(accepted.path("events").get(0).path("dataCategories").size()).isPositive();

        JsonNode tomorrow = json.readTree(get("/api/v1/audit/events?exchangeId=" + exchangeId + "&from="
                + Instant.now().plusSeconds(86_400), "demo-auditor").body());
        assertThat(tomorrow.path("total").asLong()).isZero();

        JsonNode page0 = json.readTree(get("/api/v1/audit/events?exchangeId=" + exchangeId + "&size=2&page=0",
                "demo-auditor").body());
        JsonNode page1 = json.readTree(get("/api/v1/audit/events?exchangeId=" + exchangeId + "&size=2&page=1",
                "demo-auditor").body());
        assertThat(page0.path("events").size()).isEqualTo(2);
        assertThat(page0.path("total").asLong()).isGreaterThan(4);
        assertThat(page0.path("events").get(1).path("seq").asLong())
                .isGreaterThan(page1.path("events").get(0).path("seq").asLong());

        JsonNode journey = json.readTree(get("/api/v1/audit/exchanges/" + exchangeId, "demo-auditor").body());
        List<String> steps = new ArrayList<>();
        journey.path("events").forEach(e -> steps.add(e.path("step").asText()));
        assertThat(steps).startsWith("RECEIVED").contains("SUBJECT_RESOLVED", "ACCEPTED", "ROUTED");
        assertThat(journey.path("summary").path("status").asText()).isEqualTo("accepted");
        assertThat(journey.path("summary").path("sender").asText()).isEqualTo("departement");
        // The journal holds the pseudonym and hashes, never the NIR or the name.
        assertThat(journey.toString()).doesNotContain(nir.substring(0, 13)).doesNotContain("AUDITEUR");

        JsonNode report = json.readTree(get("/api/v1/audit/subjects/" + subject + "/report", "demo-auditor").body());
        assertThat(report.path("exchangeCount").asInt()).isEqualTo(1);
        JsonNode exchange = report.path("exchanges").get(0);
        assertThat(exchange.path("exchangeId").asText()).isEqualTo(exchangeId);
        JsonNode franceTravail = null;
        for (JsonNode r : exchange.path("recipients")) {
            if (r.path("recipient").asText().equals("france-travail")) {
                franceTravail = r;
            }
        }
        assertThat(franceTravail).as(exchange.toString()).isNotNull();
        if ("REFUSED".equals(franceTravail.path("decision").asText())) {
            assertThat(franceTravail.path("status").asText()).isIn("refused", "not delivered");
        } else {
            assertThat(franceTravail.path("status").asText()).isEqualTo("delivered");
            assertThat(franceTravail.path("categories").size()).isPositive();
        }

        HttpResponse<String> csv = get("/api/v1/audit/subjects/" + subject + "/report?format=csv", "demo-auditor");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFexchange_id;received_at;sender;").contains(exchangeId + ";")
                .contains(";france-travail;");
    }

    @Test
    void theReportReadsConsentDecisionsAndFindsAPersonWhoIsNotTheSubject() throws Exception {
        String exchangeId = "audit-test-" + UUID.randomUUID();
        String applicant = "applicant-" + UUID.randomUUID().toString().substring(0, 8);
        String spouse = "spouse-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        String decision = """
                {"verdict":"MINIMISED","recipient":"france-travail","agreement":"caf-ft-rsa","legalBasis":\
                "art. L262-42 CASF","consents":["consent-42"],"shared":["identity","rsa-rights"],\
                "removed":["health"],"reason":"=HYPERLINK(\\"http://evil\\") health needs consent"}""";
        journal.append(List.of(
                new AuditEvent(now, exchangeId, exchangeId, Step.RECEIVED, Outcome.OK, "caf", null, "flux-rsa",
                        null, "rsa-orientation", "a".repeat(64), null),
                new AuditEvent(now, exchangeId, exchangeId, Step.SUBJECT_RESOLVED, Outcome.OK, "caf", null,
                        "flux-rsa", applicant, "rsa-orientation", null, "2 person(s)")
                        .withPersons(List.of(applicant, spouse)),
                new AuditEvent(now, exchangeId, exchangeId, Step.ACCEPTED, Outcome.OK, "caf", null, "flux-rsa",
                        applicant, "rsa-orientation", null, "fr.spie.rsa-household")
                        .withDataCategories(List.of("identity", "rsa-rights", "health")),
                new AuditEvent(now, exchangeId, exchangeId, Step.SHARING_DECIDED, Outcome.OK, "caf",
                        "france-travail", "rsa-household", applicant, "rsa-orientation", null, decision),
                new AuditEvent(now, exchangeId, exchangeId, Step.DELIVERED, Outcome.OK, "caf", "france-travail",
                        "rsa-household", applicant, "rsa-orientation", "b".repeat(64), "spie.outbound.france-travail")));

        JsonNode report = json.readTree(get("/api/v1/audit/subjects/" + spouse + "/report", "demo-auditor").body());
        assertThat(report.path("exchangeCount").asInt()).isEqualTo(1);
        JsonNode share = report.path("exchanges").get(0).path("recipients").get(0);
        assertThat(share.path("recipient").asText()).isEqualTo("france-travail");
        assertThat(share.path("decision").asText()).isEqualTo("MINIMISED");
        assertThat(share.path("legalBasis").asText()).isEqualTo("art. L262-42 CASF");
        assertThat(share.path("agreement").asText()).isEqualTo("caf-ft-rsa");
        assertThat(share.path("consents").get(0).asText()).isEqualTo("consent-42");
        assertThat(share.path("categories").toString()).isEqualTo("[\"identity\",\"rsa-rights\"]");
        assertThat(share.path("removed").toString()).isEqualTo("[\"health\"]");
        assertThat(share.path("status").asText()).isEqualTo("delivered");

        String csv = get("/api/v1/audit/subjects/" + spouse + "/report?format=csv", "demo-auditor").body();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(2);
        // The reason starts with "=": an apostrophe keeps a spreadsheet from running it, quotes keep it one cell.
        assertThat(lines.get(1)).contains(";france-travail;rsa-household;delivered;")
                .contains(";identity, rsa-rights;health;MINIMISED;art. L262-42 CASF;caf-ft-rsa;consent-42;")
                .endsWith(";\"'=HYPERLINK(\"\"http://evil\"\") health needs consent\"");
    }

    @Test
    void onlyTheAuditorQueriesAndABadNirIsRefusedWithoutEchoingIt() throws Exception {
        assertThat(get("/api/v1/audit/events?partner=caf", "demo-caf").statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/audit/events?partner=caf", "demo-admin").statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/audit/subjects/x/report", "demo-departement").statusCode()).isEqualTo(403);
        // The auditor's key reads the journal and nothing else: it may not send a message.
        assertThat(post("/api/v1/exchanges/departement/orientation", "demo-auditor", "{}").statusCode())
                .isEqualTo(403);

        HttpResponse<String> badNir = post("/api/v1/audit/subjects/lookup", "demo-auditor",
                "{\"nir\": \"1850307010123" + "99\"}");
        assertThat(badNir.statusCode()).isEqualTo(422);
        assertThat(badNir.body()).contains("OperationOutcome").doesNotContain("185030701");

        assertThat(get("/api/v1/audit/events?from=yesterday", "demo-auditor").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/audit/events?step=" + URLEncoder.encode("NOPE", StandardCharsets.UTF_8),
                "demo-auditor").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/audit/exchanges/no-such-exchange", "demo-auditor").statusCode()).isEqualTo(404);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("events").forEach(e -> ids.add(e.path("exchangeId").asText()));
        return ids;
    }
}
