package fr.spie.hub.consent;

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
 * The GDPR access report (GET /api/v1/audit/subjects/{subject}/report, JSON and CSV) lists the person's consent records,
 * withdrawn and expired ones included, with what a DPO needs to answer "on which consent": recipient, purposes,
 * categories, type, given / expiry / withdrawal times, collection method, evidence reference, who recorded it. Each
 * test has its own pseudonym, so the assertions are scoped to it.
 */
class AccessReportConsentsTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String record(String subject, String recipient, String evidence, String givenAt, String expiresAt,
                          String... categories) throws Exception {
        ObjectNode consent = json.createObjectNode();
        consent.put("subject", subject);
        consent.put("recipient", recipient);
        consent.putArray("purposes").add("rsa-follow-up");
        var array = consent.putArray("categories");
        for (String category : categories) {
            array.add(category);
        }
        consent.put("consentType", "explicit");
        consent.put("collectionMethod", "paper");
        consent.put("evidenceReference", evidence);
        consent.put("collectedBy", "france-travail");
        consent.put("givenAt", givenAt);
        if (expiresAt != null) {
            consent.put("expiresAt", expiresAt);
        }
        HttpResponse<String> response = call("POST", "/api/v1/consents", "demo-agent", consent.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).path("id").asText();
    }

    @Test
    void theAccessReportListsThePersonsConsentsInJsonAndCsv() throws Exception {
        String subject = "psn-report-" + UUID.randomUUID();
        String health = record(subject, "departement", "formulaire-" + subject, "2026-01-05T09:00:00Z", null,
                "health", "family");
        String old = record(subject, "all-spie-partners", "=cmd|' /C calc'!A0", "2025-01-06T09:00:00Z",
                "2025-07-06T09:00:00Z", "employment");
        assertThat(call("POST", "/api/v1/consents/" + health + "/withdraw", "demo-agent", null).statusCode())
                .isEqualTo(200);

        HttpResponse<String> response = call("GET", "/api/v1/audit/subjects/" + subject + "/report", "demo-auditor",
                null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode consents = json.readTree(response.body()).path("consents");
        assertThat(consents.size()).isEqualTo(2);
        JsonNode withdrawn = byId(consents, health);
        assertThat(withdrawn.path("recipient").asText()).isEqualTo("departement");
        assertThat(texts(withdrawn.path("purposes"))).containsExactly("rsa-follow-up");
        assertThat(texts(withdrawn.path("categories"))).containsExactly("family", "health");
        assertThat(withdrawn.path("consentType").asText()).isEqualTo("explicit");
        assertThat(withdrawn.path("status").asText()).isEqualTo("withdrawn");
        assertThat(withdrawn.path("givenAt").asText()).isEqualTo("2026-01-05T09:00:00Z");
        assertThat(withdrawn.path("withdrawnAt").asText()).isNotBlank();
        assertThat(withdrawn.path("collectionMethod").asText()).isEqualTo("paper");
        assertThat(withdrawn.path("evidenceReference").asText()).isEqualTo("formulaire-" + subject);
        assertThat(withdrawn.path("collectedBy").asText()).isEqualTo("france-travail");
        assertThat(withdrawn.path("recordedBy").asText()).isEqualTo("agent");
        JsonNode expired = byId(consents, old);
        assertThat(expired.path("recipient").asText()).isEqualTo("all-spie-partners");
        assertThat(expired.path("status").asText()).isEqualTo("expired");
        assertThat(expired.path("expiresAt").asText()).isEqualTo("2025-07-06T09:00:00Z");

        String csv = call("GET", "/api/v1/audit/subjects/" + subject + "/report?format=csv", "demo-auditor", null)
                .body();
        List<String> lines = csv.lines().toList();
        int header = lines.indexOf("consent_id;consent_recipient;purposes;categories;consent_type;consent_status;"
                + "given_at;expires_at;withdrawn_at;collection_method;evidence_reference;collected_by;recorded_by;"
                + "recorded_at");
        assertThat(header).as(csv).isPositive();
        assertThat(lines.get(header - 1)).isEmpty();
        assertThat(lines.subList(header + 1, lines.size())).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith(health + ";departement;rsa-follow-up;family, health;"
                        + "explicit;withdrawn;2026-01-05T09:00:00Z;;").contains(";paper;formulaire-" + subject
                        + ";france-travail;agent;"))
                // An evidence reference that looks like a formula is kept from running in a spreadsheet.
                .anySatisfy(line -> assertThat(line).startsWith(old + ";all-spie-partners;").contains(";expired;")
                        .contains(";'=cmd|' /C calc'!A0;"));
    }

    @Test
    void aPersonWithoutConsentHasAnEmptyListAndNoConsentTable() throws Exception {
        String subject = "psn-report-none-" + UUID.randomUUID();
        JsonNode report = json.readTree(call("GET", "/api/v1/audit/subjects/" + subject + "/report", "demo-auditor",
                null).body());
        assertThat(report.path("consents").isArray()).isTrue();
        assertThat(report.path("consents").size()).isZero();
        String csv = call("GET", "/api/v1/audit/subjects/" + subject + "/report?format=csv", "demo-auditor", null)
                .body();
        assertThat(csv).doesNotContain("consent_id");
    }

    private static JsonNode byId(JsonNode consents, String id) {
        for (JsonNode consent : consents) {
            if (consent.path("id").asText().equals(id)) {
                return consent;
            }
        }
        throw new AssertionError("no consent " + id + " in " + consents);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
