package fr.spie.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.exchange.Headers;
import fr.spie.hub.generate.CafFluxGenerator;
import fr.spie.hub.support.HubProcess;
import fr.spie.hub.support.PersonalDataOfFixtures;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.junit.jupiter.api.Test;

/**
 * The cluster profile for real: an external Artemis 2.40.0 broker and a PostgreSQL server started by the repository's
 * scripts (cluster/start-broker.sh, cluster/start-postgres.sh), two packaged hubs sharing them as competing consumers of
 * the accepted exchanges. A CAF flux is dropped in the first hub's inbox; once a fifth of the deliveries have been read,
 * the second hub is killed with {@code kill -9} while it holds uncommitted deliveries. Every household must reach each
 * recipient exactly once: what the dead instance had not committed is rolled back by the broker and delivered by the
 * survivor, what it had committed is not delivered again. Both wrote to one audit chain, which must verify.
 */
class ClusterFailoverIT {

    private static final int HOUSEHOLDS = 400;
    /** Progress, not a fixed deadline: the machine is shared and its speed varies tenfold. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static final List<String> RECIPIENTS = List.of("departement", "france-travail");
    private static final String BROKER_PASSWORD = "cluster-it-secret";
    private static final String DB_PASSWORD = "cluster-it-db-secret";

    /** Under target/ rather than a temporary folder: the hubs' logs stay there to read when the test fails. */
    private final Path work = Path.of("target/cluster-it/run-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    void twoInstancesOneKilledMidFluxEveryHouseholdDeliveredExactlyOnce() throws Exception {
        Path clusterDir = Path.of("target/cluster-it").toAbsolutePath();
        int brokerPort = HubProcess.freePort();
        int dbPort = HubProcess.freePort();
        Map<String, String> scripts = Map.of("CLUSTER_DIR", clusterDir.toString(), "SPIE_BROKER_PASSWORD",
                BROKER_PASSWORD, "SPIE_HUB_DB_PASSWORD", DB_PASSWORD);
        Files.createDirectories(work);
        Path flux = work.resolve("caf-cluster.xml");
        try (OutputStream out = Files.newOutputStream(flux)) {
            new CafFluxGenerator(4242, "007").write(HOUSEHOLDS, out);
        }
        try {
            script(scripts, "cluster/start-broker.sh", brokerPort);
            script(scripts, "cluster/start-postgres.sh", dbPort);
            Map<String, String> cluster = Map.of(
                    "SPRING_PROFILES_ACTIVE", "demo,cluster",
                    "SPIE_BROKER_URL", "tcp://127.0.0.1:" + brokerPort,
                    "SPIE_BROKER_PASSWORD", BROKER_PASSWORD,
                    "SPIE_HUB_DB_URL", "jdbc:postgresql://127.0.0.1:" + dbPort + "/spie_hub",
                    "SPIE_HUB_DB_PASSWORD", DB_PASSWORD);
            Path dataA = Files.createDirectories(work.resolve("hub-a"));
            Path dataB = Files.createDirectories(work.resolve("hub-b"));
            ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, "hub",
                    BROKER_PASSWORD);
            try (HubProcess a = new HubProcess(dataA, HubProcess.freePort(), HubProcess.freePort(), cluster).start();
                 HubProcess b = new HubProcess(dataB, HubProcess.freePort(), HubProcess.freePort(), cluster).start();
                 Recipients recipients = new Recipients(broker)) {
                a.awaitUp(HubProcess.START_TIMEOUT);
                b.awaitUp(HubProcess.START_TIMEOUT);

                Path inbox = Files.createDirectories(dataA.resolve("inbox/caf"));
                Path staged = dataA.resolve("caf-cluster.xml.staged");
                Files.copy(flux, staged, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(staged, inbox.resolve("caf-cluster.xml"), StandardCopyOption.ATOMIC_MOVE);

                long dropped = System.nanoTime();
                recipients.awaitTotal(HOUSEHOLDS * RECIPIENTS.size() / 5);
                assertThat(b.isAlive()).as("instance B alive until killed").isTrue();
                long deliveredBeforeKill = recipients.total();
                b.kill9();

                Path report = dataA.resolve("reports/caf-cluster.xml.report.json");
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (!Files.exists(report) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(report).as("A's report (see " + a.log() + ")").exists();
                int accepted = new ObjectMapper().readTree(report.toFile()).get("accepted").asInt();
                assertThat(accepted).isEqualTo(HOUSEHOLDS);
                recipients.awaitTotal((long) accepted * RECIPIENTS.size());
                System.out.printf("Cluster: %d households, %d deliveries read before the kill, all read %.1f s after"
                        + " the drop%n", accepted, deliveredBeforeKill, (System.nanoTime() - dropped) / 1e9);
                // Late copies would be duplicates: give them a moment to show up before counting.
                Thread.sleep(3_000);
                for (String recipient : RECIPIENTS) {
                    Map<String, Integer> copies = recipients.copiesPerExchange(recipient);
                    assertThat(copies).as("distinct households delivered to " + recipient).hasSize(accepted);
                    assertThat(copies.values()).as("copies per household for " + recipient)
                            .allMatch(n -> n == 1);
                }
                assertThat(deliveredBeforeKill).as("the kill happened mid-flux")
                        .isLessThan((long) accepted * RECIPIENTS.size());
                // Both instances wrote to one audit chain in the shared database: it must still be one valid line.
                HttpResponse<String> verification = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + a.httpPort() + "/api/v1/audit/verify"))
                        .header("X-API-Key", "demo-auditor").timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(verification.statusCode()).isEqualTo(200);
                JsonNode chain = new ObjectMapper().readTree(verification.body());
                assertThat(chain.get("valid").asBoolean()).as("audit chain across instances: " + verification.body())
                        .isTrue();
                assertThat(chain.get("events").asLong()).isGreaterThan((long) accepted * RECIPIENTS.size());
            }
            // The suite's log guard sees only the test JVM: both hubs' own logs are scanned for the flux's NIRs and
            // names (and the fixtures' and demo keys).
            PersonalDataOfFixtures personalData = PersonalDataOfFixtures.alsoIn(flux);
            assertThat(personalData.leaksIn(dataA.resolve("hub.log"))).as("personal data in hub A's log").isEmpty();
            assertThat(personalData.leaksIn(dataB.resolve("hub.log"))).as("personal data in hub B's log").isEmpty();
        } finally {
            script(scripts, "cluster/stop.sh", 0);
        }
    }

    private static void script(Map<String, String> environment, String script, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script, Integer.toString(port))
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed: " + output);
        }
    }

    /** The two recipients, reading their queues on the shared broker and counting copies per exchange id. */
    private static final class Recipients implements AutoCloseable {
        private final Connection connection;
        private final Map<String, Map<String, Integer>> copies = new HashMap<>();
        private final List<Session> sessions = new ArrayList<>();

        Recipients(ActiveMQConnectionFactory broker) throws JMSException {
            connection = broker.createConnection();
            for (String recipient : RECIPIENTS) {
                Map<String, Integer> seen = new HashMap<>();
                copies.put(recipient, seen);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                sessions.add(session);
                MessageConsumer consumer = session.createConsumer(session.createQueue("spie.outbound." + recipient));
                consumer.setMessageListener(message -> record(seen, message));
            }
            connection.start();
        }

        private void record(Map<String, Integer> seen, Message message) {
            String id = ((ActiveMQMessage) message).getCoreMessage().getStringProperty(Headers.EXCHANGE_ID);
            synchronized (this) {
                seen.merge(id, 1, Integer::sum);
            }
        }

        /** Waits until {@code expected} copies have been read, or until nothing has come for a while. */
        void awaitTotal(long expected) throws InterruptedException {
            long seen = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                long now = total();
                if (now >= expected || System.nanoTime() - lastProgress > STALL_NANOS) {
                    return;
                }
                if (now != seen) {
                    seen = now;
                    lastProgress = System.nanoTime();
                }
                Thread.sleep(50);
            }
        }

        synchronized long total() {
            return copies.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum();
        }

        synchronized Map<String, Integer> copiesPerExchange(String recipient) {
            return Map.copyOf(copies.get(recipient));
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }

}
