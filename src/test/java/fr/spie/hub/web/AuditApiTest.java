package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditExport;
import fr.spie.hub.audit.AuditSigner;
import fr.spie.hub.audit.ChainVerifier;
import fr.spie.hub.support.HubIntegrationTest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The running hub's journal over HTTP: the published public key, the verification (auditor or administrator), an
 * export that verifies offline with that key alone, and refusals for everyone else. The shared journal is never
 * tampered with here (AuditChainTest does that on its own database).
 */
class AuditApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theJournalVerifiesAndSaysHowFar() throws Exception {
        HttpResponse<String> response = get("/api/v1/audit/verify", "demo-auditor");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.path("valid").asBoolean()).as(response.body()).isTrue();
        assertThat(result.path("events").isNumber()).isTrue();
        assertThat(result.path("head").asText()).hasSize(64);
        assertThat(get("/api/v1/audit/verify", "demo-admin").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyTheAuditorReadsTheJournal() throws Exception {
        assertThat(get("/api/v1/audit/verify", null).statusCode()).isEqualTo(401);
        HttpResponse<String> partner = get("/api/v1/audit/verify", "demo-caf");
        assertThat(partner.statusCode()).isEqualTo(403);
        assertThat(json.readTree(partner.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(get("/api/v1/audit/export", "demo-admin").statusCode()).isEqualTo(403);
    }

    @Test
    void anExportVerifiesOfflineWithThePublishedKey() throws Exception {
        HttpResponse<String> key = get("/api/v1/audit/public-key", null);
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PUBLIC KEY-----");

        HttpResponse<String> export = get("/api/v1/audit/export", "demo-auditor");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains(".jsonl");
        ChainVerifier.Verification offline = AuditExport.verify(new BufferedReader(new StringReader(export.body())),
                AuditSigner.publicKey(key.body()));
        assertThat(offline.valid()).as(offline.problems().toString()).isTrue();
        assertThat(offline.unsigned()).isZero();
    }
}
