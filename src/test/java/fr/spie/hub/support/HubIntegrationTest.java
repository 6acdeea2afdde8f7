package fr.spie.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub as a user meets it: real embedded Artemis (persistent journal), H2 file database, routes from
 * routes/, HTTP on a random port, the partners' TCP acceptor on a free loopback port. One hub for every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
public abstract class HubIntegrationTest {

    protected static final Path DATA = temporaryDataFolder();
    /**
     * The hub's home (routes/, schemas/, mappings/, config/): a copy of the repository's, so that a test may add or
     * edit files while the hub runs (hot reload) without touching the repository. The partner files of
     * config/examples/partners replace the shipped ones: the tests reach Mission Locale's webhook and France Travail's
     * SOAP service, which the shipped files (queues, for the embedded demo) do not use.
     */
    protected static final Path HOME = HubHome.withExampleChannels(HubHome.copyOfRepository());
    protected static final int BROKER_PORT = freePort();
    /** Small enough to test 413 with a few megabytes, large enough for the specimens. */
    protected static final int MAX_PAYLOAD = 1_000_000;
    /** Where the partners' remote systems listen in tests: Mission Locale's webhook, France Travail's SOAP service. */
    protected static final int WEBHOOK_PORT = freePort();
    protected static final int SOAP_RECIPIENT_PORT = freePort();
    /** The optional mutual-TLS port, on in tests: the CAF's test certificate (by its subject) is the CAF. */
    protected static final int MTLS_PORT = freePort();
    /** Mission Locale's webhooks and France Travail's SOAP service are HTTPS; the hub trusts their certificates. */
    protected static final PartnerCertificates TLS = PartnerCertificates.generate();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("spie.data", DATA::toString);
        registry.add("spie.home", HOME::toString);
        registry.add("spie.reload.poll-millis", () -> 200);
        registry.add("spie.broker.port", () -> BROKER_PORT);
        registry.add("spie.batch.inbox-poll-millis", () -> 200);
        registry.add("spie.limits.max-payload-bytes", () -> MAX_PAYLOAD);
        // The Mission Locale's webhooks are HTTPS; the hub trusts its certificate through spie.channels.truststore.
        registry.add("SPIE_WEBHOOK_MISSION_LOCALE", () -> "https://127.0.0.1:" + WEBHOOK_PORT + "/spie/orientations");
        registry.add("SPIE_WEBHOOK_MISSION_LOCALE_DIAGNOSTICS",
                () -> "https://127.0.0.1:" + WEBHOOK_PORT + "/spie/diagnostics");
        registry.add("SPIE_WEBHOOK_MISSION_LOCALE_CONSENTS",
                () -> "https://127.0.0.1:" + WEBHOOK_PORT + "/spie/consentements");
        registry.add("spie.channels.truststore.path", () -> TLS.truststore().toString());
        registry.add("spie.channels.truststore.password", () -> PartnerCertificates.PASSWORD);
        registry.add("SPIE_SOAP_FRANCE_TRAVAIL", () -> "https://127.0.0.1:" + SOAP_RECIPIENT_PORT + "/services/livraison");
        // Remote channels retry quickly in tests: 4 attempts over about 1.5 s instead of minutes.
        registry.add("spie.channels.max-attempts", () -> 4);
        registry.add("spie.channels.initial-backoff", () -> "200ms");
        registry.add("spie.channels.timeout", () -> "3s");
        TestCertificates pki = TestCertificates.get();
        registry.add("spie.security.mtls.port", () -> MTLS_PORT);
        registry.add("spie.security.mtls.host", () -> "127.0.0.1");
        registry.add("spie.security.mtls.keystore", pki.serverKeystore::toString);
        registry.add("spie.security.mtls.keystore-password", () -> TestCertificates.PASSWORD);
        registry.add("spie.security.mtls.truststore", pki.truststore::toString);
        registry.add("spie.security.mtls.truststore-password", () -> TestCertificates.PASSWORD);
        registry.add("spie.security.mtls.clients[0].partner", () -> "caf");
        registry.add("spie.security.mtls.clients[0].subject", () -> "CN=caf,O=CAF test");
        // Spring Boot's tests turn metrics export off; the hub's /actuator/prometheus is part of the contract.
        registry.add("management.defaults.metrics.export.enabled", () -> true);
    }

    public static final Path FIXTURES = Path.of("../shared/fixtures/external/carnet-de-bord");

    private static Path temporaryDataFolder() {
        try {
            return Files.createTempDirectory("spie-hub-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
