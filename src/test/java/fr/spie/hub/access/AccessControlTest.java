package fr.spie.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The authorisation matrix, over real HTTP: a partner sends only its declared message types on its own behalf, the
 * auditor reads the audit and nothing else, the administrator handles dead letters and quarantine; every refusal, on
 * every interface (REST exchanges, audit, consents, replay, SOAP), is journaled as ACCESS_DENIED naming the caller and
 * the action, never the key presented. (A partner reads only its own outbox: BrokerSecurityTest.)
 */
class AccessControlTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String key, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (path.startsWith("/services/")) {
            request.header("SOAPAction", "\"\"");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private long lastEventId() {
        Long last = jdbc.queryForObject("SELECT MAX(id) FROM audit_event", Long.class);
        return last == null ? 0 : last;
    }

    private List<String> denialsSince(long eventId) {
        return jdbc.queryForList("SELECT detail FROM audit_event WHERE id > ? AND step = 'ACCESS_DENIED'",
                String.class, eventId);
    }

    /** Calls, checks the answer's status, and that this very refusal was journaled with {@code expectedDetail}. */
    private HttpResponse<String> refused(String method, String path, String key, String contentType, String body,
                                         int status, String expectedDetail) throws Exception {
        long before = lastEventId();
        HttpResponse<String> response = call(method, path, key, contentType, body);
        assertThat(response.statusCode()).as(method + " " + path + " with " + key + ": " + response.body())
                .isEqualTo(status);
        assertThat(denialsSince(before)).as("the refusal of " + method + " " + path + " is journaled")
                .anySatisfy(detail -> assertThat(detail).startsWith(expectedDetail));
        return response;
    }

    @Test
    void aCallerWithoutAValidKeyIsRefusedEverywhereAndJournaledWithoutTheKey() throws Exception {
        String wrongKey = "not-a-key-" + UUID.randomUUID();
        long before = lastEventId();
        refused("POST", "/api/v1/exchanges/caf/flux-rsa", null, "application/xml", "<x/>", 401,
                "unauthenticated POST /api/v1/exchanges/caf/flux-rsa: no credential");
        refused("POST", "/api/v1/exchanges/caf/flux-rsa", wrongKey, "application/xml", "<x/>", 401,
                "unauthenticated POST /api/v1/exchanges/caf/flux-rsa: unknown credential");
        refused("GET", "/api/v1/audit/events", wrongKey, null, null, 401,
                "unauthenticated GET /api/v1/audit/events: unknown credential");
        refused("GET", "/api/v1/audit/verify", null, null, null, 401,
                "unauthenticated GET /api/v1/audit/verify: no credential");
        refused("GET", "/api/v1/consents?subject=x", wrongKey, null, null, 401, "unauthenticated read consents");
        refused("GET", "/api/v1/dead-letters", wrongKey, null, null, 401,
                "unauthenticated GET /api/v1/dead-letters: unknown credential");
        HttpResponse<String> soap = refused("POST", "/services/exchange", wrongKey, "text/xml", envelope(), 500,
                "unauthenticated POST /services/exchange: unknown credential");
        assertThat(soap.body()).contains("value=\"login\"");

        assertThat(denialsSince(before)).noneMatch(detail -> detail.contains(wrongKey));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE id > ? AND detail LIKE ?",
                Integer.class, before, "%" + wrongKey + "%")).as("the key presented is in no audit event").isZero();
    }

    @Test
    void aPartnerSendsOnlyItsDeclaredTypesOnItsOwnBehalf() throws Exception {
        refused("POST", "/api/v1/exchanges/departement/orientation", "demo-caf", "application/json", "{}", 403,
                "partner:caf POST /api/v1/exchanges/departement/orientation: This key may not send messages on "
                        + "behalf of partner 'departement'");
        refused("POST", "/api/v1/exchanges/caf/orientation", "demo-caf", "application/json", "{}", 403,
                "partner:caf POST /api/v1/exchanges/caf/orientation: Partner 'caf' has not declared the message type "
                        + "'orientation'");
        refused("POST", "/api/v1/exchanges/caf/flux-rsa", "demo-auditor", "application/xml", "<x/>", 403,
                "auditor:auditor POST /api/v1/exchanges/caf/flux-rsa");
        refused("POST", "/api/v1/exchanges/caf/flux-rsa", "demo-admin", "application/xml", "<x/>", 403,
                "admin:admin POST /api/v1/exchanges/caf/flux-rsa");
        // Over SOAP too: France Travail authenticates, but has not declared the Département's orientation.
        HttpResponse<String> soap = refused("POST", "/services/exchange", "demo-france-travail", "text/xml",
                envelope(), 500, "partner:france-travail POST /services/exchange orientation: Partner 'france-travail' "
                        + "has not declared the message type 'orientation'");
        assertThat(soap.body()).contains("value=\"forbidden\"");
        refused("POST", "/services/exchange", "demo-auditor", "text/xml", envelope(), 500,
                "auditor:auditor POST /services/exchange: Only a partner may send messages");
    }

    @Test
    void theAuditorReadsTheAuditAndNothingElse() throws Exception {
        assertThat(call("GET", "/api/v1/audit/events?limit=1", "demo-auditor", null, null).statusCode()).isEqualTo(200);
        refused("GET", "/api/v1/audit/events", "demo-caf", null, null, 403,
                "partner:caf GET /api/v1/audit/events: The audit journal is read with the auditor's key only");
        refused("GET", "/api/v1/audit/events", "demo-admin", null, null, 403, "admin:admin GET /api/v1/audit/events");
        refused("GET", "/api/v1/audit/export", "demo-departement", null, null, 403,
                "partner:departement GET /api/v1/audit/export");
        refused("GET", "/api/v1/dead-letters", "demo-auditor", null, null, 403,
                "auditor:auditor GET /api/v1/dead-letters: role auditor may not do this");
        refused("POST", "/api/v1/quarantine/" + UUID.randomUUID() + "/replay", "demo-auditor", null, null, 403,
                "auditor:auditor POST /api/v1/quarantine/");
        refused("POST", "/api/v1/consents", "demo-auditor", "application/json", "{}", 403,
                "auditor:auditor record consents");
    }

    @Test
    void partnersReadNeitherConsentsNorDeadLettersNorTheQuarantine() throws Exception {
        refused("GET", "/api/v1/consents?subject=x", "demo-france-travail", null, null, 403,
                "partner:france-travail read consents: This key may not read consents");
        refused("POST", "/api/v1/consents", "demo-departement", "application/json", "{}", 403,
                "partner:departement record consents");
        refused("GET", "/api/v1/dead-letters", "demo-mission-locale", null, null, 403,
                "partner:mission-locale GET /api/v1/dead-letters");
        refused("GET", "/api/v1/quarantine", "demo-caf", null, null, 403, "partner:caf GET /api/v1/quarantine");
    }

    @Test
    void theAdministratorHandlesDeadLettersAndQuarantine() throws Exception {
        assertThat(call("GET", "/api/v1/dead-letters?limit=1", "demo-admin", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/quarantine?limit=1", "demo-admin", null, null).statusCode()).isEqualTo(200);
    }

    private static String envelope() {
        return "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body>"
                + "<orientation xmlns=\"urn:fr:spie:departement:echange:1\"><idDecision>ORI-ACCESS-" + UUID.randomUUID()
                + "</idDecision><dateDecision>2024-03-05</dateDecision><orientation>pro</orientation><beneficiaire>"
                + "<nom>X</nom><prenom>Y</prenom><dateNaissance>1985-03-14</dateNaissance></beneficiaire>"
                + "</orientation></Body></Envelope>";
    }
}
