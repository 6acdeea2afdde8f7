package fr.spie.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.HubProperties;
import fr.spie.hub.partner.PartnerRegistry;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A flux read faster than it is delivered must grow the broker's journal, not the heap: past the configured bytes of
 * messages in memory the embedded broker pages them to disk, and every message still comes out, in order.
 */
class BrokerMemoryBoundTest {

    private static final int MESSAGES = 1_500;
    private static final long BOUND = 1024 * 1024;

    @Test
    void pagesToDiskPastTheBoundAndLosesNothing(@TempDir Path data) throws Exception {
        HubProperties properties = properties(data, BOUND);
        BrokerConfiguration.BrokerEndpoint endpoint =
                new BrokerConfiguration.BrokerEndpoint("vm://7001", BrokerSecurity.HUB_USER, "test-secret");
        EmbeddedActiveMQ broker = new BrokerConfiguration()
                .embeddedBroker(properties, new PartnerRegistry(List.of()), endpoint);
        broker.start();
        try (Connection connection = new ActiveMQConnectionFactory(endpoint.inVmUrl())
                .createConnection(endpoint.user(), endpoint.secret())) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue accepted = session.createQueue(Addresses.ACCEPTED);
            MessageProducer producer = session.createProducer(accepted);
            String body = "x".repeat(4096);
            for (int i = 0; i < MESSAGES; i++) {
                TextMessage message = session.createTextMessage(body);
                message.setIntProperty("n", i);
                producer.send(message);
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();

            PagingStore store = broker.getActiveMQServer().getPagingManager()
                    .getPageStore(SimpleString.of(Addresses.ACCEPTED));
            assertThat(store.isPaging()).as("6 MB of messages against a 1 MB bound: paging").isTrue();
            assertThat(broker.getActiveMQServer().getPagingManager().getGlobalSize())
                    .as("bytes of messages held in memory").isLessThanOrEqualTo(2 * BOUND);

            connection.start();
            MessageConsumer consumer = session.createConsumer(accepted);
            for (int i = 0; i < MESSAGES; i++) {
                TextMessage message = (TextMessage) consumer.receive(10_000);
                assertThat(message).as("message %d", i).isNotNull();
                assertThat(message.getIntProperty("n")).isEqualTo(i);
                assertThat(message.getText()).hasSize(4096);
            }
            session.commit();
            assertThat(consumer.receive(200)).as("nothing twice").isNull();
        } finally {
            broker.stop();
        }
    }

    @Test
    void theDefaultBoundIsAnEighthOfTheHeap(@TempDir Path data) {
        assertThat(properties(data, 0).broker().maxMemoryBytesFor(512L * 1024 * 1024)).isEqualTo(64L * 1024 * 1024);
        assertThat(properties(data, 5_000_000).broker().maxMemoryBytesFor(512L * 1024 * 1024)).isEqualTo(5_000_000);
    }

    private static HubProperties properties(Path data, long maxMemoryBytes) {
        return new Binder(new MapConfigurationPropertySource(Map.of(
                "spie.data", data.toString(),
                "spie.broker.port", String.valueOf(freePort()),
                "spie.broker.max-memory-bytes", String.valueOf(maxMemoryBytes))))
                .bindOrCreate("spie", HubProperties.class);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
