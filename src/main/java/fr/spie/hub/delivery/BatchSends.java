package fr.spie.hub.delivery;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.HashMap;
import java.util.Map;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sends of one delivery consumer's broker transaction: its session, one producer for every destination, and the
 * destinations already named. A {@code JmsTemplate.send} creates and closes a producer per copy (a round trip to the
 * broker each); the route's copies reuse this one instead, bound to the consumer's thread by
 * {@link AcceptedEventConsumer} for as long as its session lives. Not thread-safe: one per consumer thread.
 */
public final class BatchSends {

    private final Session session;
    private final MessageProducer producer;
    private final Map<String, Queue> queues = new HashMap<>();

    BatchSends(Session session) throws JMSException {
        this.session = session;
        // An anonymous producer: the destination is given per send.
        this.producer = session.createProducer(null);
    }

    /** The sends bound to this thread's delivery transaction, or null outside one (a test calling a step alone). */
    public static BatchSends current() {
        return (BatchSends) TransactionSynchronizationManager.getResource(BatchSends.class);
    }

    void bind() {
        TransactionSynchronizationManager.bindResource(BatchSends.class, this);
    }

    static void unbind() {
        TransactionSynchronizationManager.unbindResourceIfPossible(BatchSends.class);
    }

    public Session session() {
        return session;
    }

    /** Sends persistently to {@code queue}, in the consumer's transaction (committed with the batch, or not at all). */
    public void send(String queue, Message message) throws JMSException {
        Queue destination = queues.get(queue);
        if (destination == null) {
            destination = session.createQueue(queue);
            queues.put(queue, destination);
        }
        producer.send(destination, message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY,
                Message.DEFAULT_TIME_TO_LIVE);
    }
}
