package fr.spie.hub.support;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A partner's own client: a stock Artemis core client over TCP, logged in with the partner's demo credentials. */
public final class PartnerClient implements AutoCloseable {

    private final Connection connection;
    private final Session session;

    public PartnerClient(int brokerPort, String partner, String secret) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        this.connection = factory.createConnection(partner, secret);
        this.connection.start();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    public static PartnerClient demo(int brokerPort, String partner) throws JMSException {
        return new PartnerClient(brokerPort, partner, "demo-" + partner);
    }

    /**
     * Reads the queue until every wanted exchange id has arrived or the time is up; messages of other exchanges
     * (other tests) are consumed and ignored.
     */
    public List<Message> receive(String queue, Collection<String> exchangeIds, long timeoutMillis) throws JMSException {
        return receive(queue, m -> exchangeIds.contains(m.getStringProperty("spie-exchange-id")), exchangeIds.size(),
                timeoutMillis);
    }

    /** What a test looks for among the messages of a queue. */
    public interface Wanted {
        boolean test(Message message) throws JMSException;
    }

    /** Reads the queue until {@code count} wanted messages have arrived or the time is up; others are dropped. */
    public List<Message> receive(String queue, Wanted wanted, int count, long timeoutMillis) throws JMSException {
        List<Message> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            while (found.size() < count && System.currentTimeMillis() < deadline) {
                Message message = consumer.receive(200);
                if (message != null && wanted.test(message)) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    /** Sends a text message to the partner's inbound queue with the contract's headers (hyphens and all). */
    public void send(String queue, String body, java.util.Map<String, String> headers) throws JMSException {
        try (jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            jakarta.jms.TextMessage message = session.createTextMessage(body);
            for (var header : headers.entrySet()) {
                fr.spie.hub.broker.MessageProperties.put(message, header.getKey(), header.getValue());
            }
            producer.send(message);
        }
    }

    public Session session() {
        return session;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
