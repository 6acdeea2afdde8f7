package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.generate.CafFluxGenerator;
import fr.spie.hub.support.HubProcess;
import fr.spie.hub.support.PersonalDataOfFixtures;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: the packaged hub runs as its own process; a CAF flux of several thousand households is dropped in
 * its inbox; once the first households reach the Département the hub is killed with {@code kill -9} in the middle of
 * the flux, then started again on the same data folder. Every household must reach each recipient exactly once
 * (distinct and total counts with real consumers), the France Travail copies committed before the crash must have
 * survived in the broker journal (nobody read them before the restart), and the report must account for every
 * household: accepted after the restart, or a duplicate of one accepted before it.
 */
class CrashRecoveryIT {

    private static final int HOUSEHOLDS = 2_000;

    @TempDir
    Path data;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void killedInTheMiddleOfAFluxTheHubDeliversEveryHouseholdExactlyOnce() throws Exception {
        Path flux = data.resolve("caf-crash.xml");
        try (OutputStream out = Files.newOutputStream(flux)) {
            new CafFluxGenerator(2026, "007").write(HOUSEHOLDS, out);
        }
        int httpPort = HubProcess.freePort();
        int brokerPort = HubProcess.freePort();
        Set<String> departement = new HashSet<>();
        int[] departementTotal = {0};

        try (HubProcess first = new HubProcess(data, httpPort, brokerPort, Map.of()).start()) {
            first.awaitUp(HubProcess.START_TIMEOUT);
            Path inbox = Files.createDirectories(data.resolve("inbox/caf"));
            Path staging = data.resolve("staging.tmp");
            Files.copy(flux, staging);
            Files.move(staging, inbox.resolve("caf-crash.xml"), StandardCopyOption.ATOMIC_MOVE);

            // Read the Département's queue until a first hundred households arrived, then kill the hub: intake (a
            // few thousand records, committed 200 at a time) is still going on.
            try (Reader reader = new Reader(brokerPort, "departement")) {
                long deadline = System.currentTimeMillis() + 180_000;
                while (departement.size() < 100 && System.currentTimeMillis() < deadline) {
                    reader.readInto(departement, departementTotal, 100);
                }
            }
            first.kill9();
            assertThat(departement).hasSizeGreaterThanOrEqualTo(100);
        }
        int killedAfter = departement.size();
        assertThat(data.resolve("reports/caf-crash.xml.report.json")).as("killed before the end of the flux")
                .doesNotExist();
        assertThat(data.resolve("inbox/caf/caf-crash.xml")).as("the file stays in the inbox").exists();

        try (HubProcess second = new HubProcess(data, httpPort, brokerPort, Map.of()).start()) {
            second.awaitUp(HubProcess.START_TIMEOUT);
            Path reportFile = data.resolve("reports/caf-crash.xml.report.json");
            long deadline = System.currentTimeMillis() + 600_000;
            while (!Files.exists(reportFile) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(reportFile).exists();
            JsonNode report = json.readTree(reportFile.toFile());
            assertThat(report.path("records").asInt()).isEqualTo(HOUSEHOLDS);
            assertThat(report.path("rejected").asInt()).isZero();
            assertThat(report.path("accepted").asInt()).as("households after the crash").isPositive();
            assertThat(report.path("duplicates").asInt()).as("households accepted before the crash").isPositive();
            assertThat(report.path("accepted").asInt() + report.path("duplicates").asInt()).isEqualTo(HOUSEHOLDS);
            Set<String> reported = new HashSet<>();
            report.path("outcomes").forEach(o -> reported.add(o.path("exchangeId").asText()));
            assertThat(reported).hasSize(HOUSEHOLDS);

            Set<String> franceTravail = new HashSet<>();
            int[] franceTravailTotal = {0};
            try (Reader departementReader = new Reader(brokerPort, "departement");
                 Reader franceTravailReader = new Reader(brokerPort, "france-travail")) {
                long until = System.currentTimeMillis() + 600_000;
                while ((departement.size() < HOUSEHOLDS || franceTravail.size() < HOUSEHOLDS)
                        && System.currentTimeMillis() < until) {
                    departementReader.readInto(departement, departementTotal, 500);
                    franceTravailReader.readInto(franceTravail, franceTravailTotal, 500);
                }
                // Anything more than one copy each would come now.
                long quiet = System.currentTimeMillis() + 5_000;
                while (System.currentTimeMillis() < quiet) {
                    departementReader.readInto(departement, departementTotal, 200);
                    franceTravailReader.readInto(franceTravail, franceTravailTotal, 200);
                }
            }
            // Counts first: on a loaded machine a short count says "too slow" at a glance, not 2,500 ids.
            assertThat(departement.size()).as("distinct households read by the Département").isEqualTo(HOUSEHOLDS);
            assertThat(franceTravail.size()).as("distinct households read by France Travail").isEqualTo(HOUSEHOLDS);
            assertThat(departement).isEqualTo(reported);
            assertThat(franceTravail).isEqualTo(reported);
            System.out.printf("CrashRecoveryIT: %d households; killed after %d delivered; after restart the report "
                    + "says %d accepted and %d duplicate(s); read %d (Département) and %d (France Travail) copies%n",
                    HOUSEHOLDS, killedAfter, report.path("accepted").asInt(), report.path("duplicates").asInt(),
                    departementTotal[0], franceTravailTotal[0]);
            assertThat(departementTotal[0]).as("copies read by the Département").isEqualTo(HOUSEHOLDS);
            assertThat(franceTravailTotal[0]).as("copies read by France Travail").isEqualTo(HOUSEHOLDS);
        }
        // The suite's log guard sees only the test JVM: the two hub processes' own log is scanned here, for every
        // NIR and name of the flux they read (and the fixtures' and demo keys), through a crash and a recovery.
        List<String> leaks = PersonalDataOfFixtures.alsoIn(flux).leaksIn(data.resolve("hub.log"));
        assertThat(leaks).as("personal data or keys in the hub processes' log").isEmpty();
    }

    /** A partner's consumer that commits each message it reads, so a crash never makes it count one twice. */
    private static final class Reader implements AutoCloseable {

        private final Connection connection;
        private final Session session;
        private final MessageConsumer consumer;
        private final String queue;

        Reader(int brokerPort, String partner) throws JMSException {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
            connection = factory.createConnection(partner, "demo-" + partner);
            connection.start();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            queue = "spie.outbound." + partner;
            consumer = session.createConsumer(session.createQueue(queue));
        }

        void readInto(Set<String> distinct, int[] total, int max) throws JMSException {
            for (int i = 0; i < max; i++) {
                Message message = consumer.receive(100);
                if (message == null) {
                    return;
                }
                String id = message.getStringProperty("spie-exchange-id");
                session.commit();
                distinct.add(id);
                total[0]++;
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (JMSException e) {
                // the broker is gone already
            }
        }
    }
}
