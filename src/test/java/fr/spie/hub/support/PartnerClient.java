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
        List<Message> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            while (found.size() < exchangeIds.size() && System.currentTimeMillis() < deadline) {
                Message message = consumer.receive(200);
                if (message != null && exchangeIds.contains(message.getStringProperty("spie-exchange-id"))) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    public Session session() {
        return session;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
