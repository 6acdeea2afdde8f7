package fr.spie.hub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import fr.spie.hub.support.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The optional mTLS port, over real HTTPS on a random port with certificates made by keytool (TestCertificates): a
 * client certificate issued by the configured CA and mapped to a partner is that partner, without any API key; a
 * trusted certificate mapped to no partner is refused (401, journaled); a certificate the CA did not issue, or none,
 * never gets past the TLS handshake.
 */
class MutualTlsTest extends HubIntegrationTest {

    private static final Path ORIENTATION = Path.of(
            "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json");
    private final TestCertificates pki = TestCertificates.get();

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    private HttpResponse<String> post(Path clientCertificate, String path, String apiKey, String contentType,
                                      byte[] body) throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(pki.clientContext(clientCertificate)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + MTLS_PORT + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private List<String> denialsSince(long eventId) {
        return jdbc.queryForList("SELECT detail FROM audit_event WHERE id > ? AND step = 'ACCESS_DENIED'",
                String.class, eventId);
    }

    private long lastEventId() {
        Long last = jdbc.queryForObject("SELECT MAX(id) FROM audit_event", Long.class);
        return last == null ? 0 : last;
    }

    @Test
    void theCafsCertificateIsTheCafWithoutAnApiKey() throws Exception {
        HttpResponse<String> response = post(pki.cafClient, "/api/v1/exchanges/caf/flux-rsa", null, "application/xml",
                SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("accepted").asInt()).isPositive();
    }

    @Test
    void onTheMtlsPortTheCertificateDecidesNotAnApiKey() throws Exception {
        long before = lastEventId();
        // The CAF's certificate with the Département's key: still the CAF, who may not send for the Département.
        HttpResponse<String> response = post(pki.cafClient, "/api/v1/exchanges/departement/orientation",
                "demo-departement", "application/json", SpecimenCopies.json(ORIENTATION));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(denialsSince(before)).anySatisfy(d -> assertThat(d)
                .startsWith("partner:caf POST /api/v1/exchanges/departement/orientation"));
    }

    @Test
    void aTrustedCertificateMappedToNoPartnerIsRefusedAndJournaled() throws Exception {
        long before = lastEventId();
        HttpResponse<String> response = post(pki.strangerClient, "/api/v1/exchanges/caf/flux-rsa", "demo-caf",
                "application/xml", SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(denialsSince(before)).contains("unauthenticated POST /api/v1/exchanges/caf/flux-rsa: client "
                + "certificate mapped to no partner (spie.security.mtls.clients)");
    }

    @Test
    void aCertificateTheCaDidNotIssueOrNoneAtAllNeverGetsPastTheHandshake() {
        // The rogue certificate even has the CAF's subject: only the CA's signature counts.
        assertThat(TestCertificates.certificateOf(pki.rogueClient).getSubjectX500Principal().getName())
                .isEqualTo("CN=caf,O=CAF test");
        for (Path client : new Path[] {pki.rogueClient, null}) {
            assertThatThrownBy(() -> post(client, "/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml",
                    "<x/>".getBytes(StandardCharsets.UTF_8))).as(String.valueOf(client)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aCertificateIsMappedByItsFingerprintOrItsSubject() {
        var caf = TestCertificates.certificateOf(pki.cafClient);
        var stranger = TestCertificates.certificateOf(pki.strangerClient);
        MutualTls byFingerprint = new MutualTls(new MutualTlsSettings(1, "127.0.0.1", "k", "", "t", "", List.of(
                new MutualTlsSettings.Client("departement", MutualTls.fingerprint(stranger).toUpperCase(), null))));
        assertThat(byFingerprint.partnerOf(stranger)).contains("departement");
        assertThat(byFingerprint.partnerOf(caf)).isEmpty();
        MutualTls bySubject = new MutualTls(new MutualTlsSettings(1, "127.0.0.1", "k", "", "t", "", List.of(
                new MutualTlsSettings.Client("caf", null, "O=CAF test, CN=caf".replace("O=CAF test, CN=caf",
                        "CN=caf, O=CAF test")))));
        assertThat(bySubject.partnerOf(caf)).contains("caf");
        assertThat(bySubject.partnerOf(stranger)).isEmpty();
        assertThat(Files.exists(pki.truststore)).isTrue();
    }
}
