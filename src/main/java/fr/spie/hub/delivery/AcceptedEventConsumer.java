package fr.spie.hub.delivery;

import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.resilience.DurableWrites;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Feeds the deliver route ({@code direct:deliver}) from {@code spie.exchange.accepted}, several accepted events per
 * broker transaction. One transaction per event costs one journal sync each (≈ 280 events/s per consumer); a
 * transaction of up to {@code spie.delivery.batch-size} events shares that sync. Each event's copies are sent in the
 * same transaction (the route's JMS sends join it), so a crash before the commit rolls back the events and their copies
 * together: nothing is lost, nothing is delivered twice. One person's events stay in order: they carry a message group,
 * which the broker pins to one consumer, and a consumer works through its batch in order. The batch's audit events are
 * journaled together just before its commit ({@link BatchJournal}), its copies sent through one producer
 * ({@link BatchSends}).
 *
 * <p>When one event of a batch fails, the whole batch is rolled back (its copies are discarded) and its events are then
 * done one per transaction, so that only the faulty one goes through the broker's redeliveries and its dead letters.
 */
@Component
public class AcceptedEventConsumer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AcceptedEventConsumer.class);
    /** Once the first event of a batch is in, the next are waited for this long before committing what is there. */
    private static final long NEXT_EVENT_WAIT_MILLIS = 5;
    /** The headers that go into every log line's MDC, as {@code camel.main.mdc-logging-keys-pattern} says (spie-*). */
    private static final String MDC_HEADERS = "spie-";

    private final ConnectionFactory broker;
    private final ConnectionFactory routeSends;
    private final CamelContext camel;
    private final int consumers;
    private final int batchSize;
    private final DurableWrites durable;
    private final AuditJournal journal;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param broker     where the accepted events are read (the hub's own connection, not the caching one)
     * @param routeSends the connection factory the route's senders use ({@link DeliverToQueue}): the batch's session is
     *                   bound to it, so that their sends join the batch's transaction
     */
    public AcceptedEventConsumer(@Qualifier("hubConnectionFactory") ConnectionFactory broker,
                                 ConnectionFactory routeSends, CamelContext camel,
                                 @Value("${spie.delivery.consumers:4}") int consumers,
                                 @Value("${spie.delivery.batch-size:100}") int batchSize,
                                 DurableWrites durable, AuditJournal journal) {
        this.broker = broker;
        this.journal = journal;
        this.durable = durable;
        this.routeSends = routeSends;
        this.camel = camel;
        this.consumers = consumers;
        this.batchSize = Math.max(1, batchSize);
    }

    /**
     * Once the application is ready, not before: Camel loads the routes files when the context is refreshed, and a
     * send to {@code direct:deliver} before that would start Camel without them.
     */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 1; i <= consumers; i++) {
            Thread thread = new Thread(this::consume, "spie-deliver-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Before Camel stops (this bean depends on it): the batches in hand are finished and committed. */
    @Override
    public void destroy() {
        stop();
    }

    public synchronized void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    private void consume() {
        ProducerTemplate route = camel.createProducerTemplate();
        while (running) {
            try (Connection connection = broker.createConnection()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(Addresses.ACCEPTED));
                TransactionSynchronizationManager.bindResource(routeSends,
                        new JmsResourceHolder(routeSends, connection, session));
                new BatchSends(session).bind();
                BatchJournal audit = new BatchJournal();
                audit.bind();
                try {
                    int singlesLeft = 0;
                    while (running) {
                        int size = singlesLeft > 0 ? 1 : batchSize;
                        int done = batch(consumer, session, route, size, audit);
                        if (done < 0) {
                            // the batch is rolled back: its events come again, each in its own transaction
                            singlesLeft = batchSize;
                        } else if (singlesLeft > 0) {
                            singlesLeft -= done;
                        }
                    }
                } finally {
                    BatchJournal.unbind();
                    BatchSends.unbind();
                    TransactionSynchronizationManager.unbindResource(routeSends);
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    log.warn("Delivery consumer lost its broker session ({}): reconnecting", e.getClass().getSimpleName());
                    pause();
                }
            }
        }
        try {
            route.stop();
        } catch (RuntimeException ignored) {
            // stopping anyway
        }
    }

    /** @return events committed, or -1 when the batch was rolled back */
    private int batch(MessageConsumer consumer, Session session, ProducerTemplate route, int size, BatchJournal audit)
            throws JMSException {
        int count = 0;
        Message message = consumer.receive(500);
        while (message != null) {
            Exchange exchange = toExchange(message);
            deliver(route, exchange);
            if (exchange.isFailed()) {
                rollback(session, audit);
                if (size > 1) {
                    log.warn("Delivery batch of {} rolled back: its events are redone one per transaction",
                            count + 1);
                }
                return -1;
            }
            count++;
            if (count >= size || !running) {
                break;
            }
            message = consumer.receive(NEXT_EVENT_WAIT_MILLIS);
        }
        if (count > 0) {
            // The batch's audit rows (ROUTED, SHARING_DECIDED, DELIVERED...) are in the database's file before the
            // broker forgets the events: a crash right after the commit loses none of them.
            try {
                journal.append(audit.drain());
            } catch (RuntimeException e) {
                log.warn("Delivery batch of {} rolled back: its audit events could not be journaled ({})", count,
                        e.getClass().getSimpleName());
                rollback(session, audit);
                return -1;
            }
            durable.beforeBrokerCommit();
            session.commit();
        }
        return count;
    }

    /** The batch's copies are discarded by the broker, and its audit events with them: none of it happened. */
    private static void rollback(Session session, BatchJournal audit) throws JMSException {
        audit.discard();
        session.rollback();
    }

    /**
     * The route runs on this thread (direct, synchronous): the event's {@code spie-*} headers go into the thread's MDC
     * here, once, instead of Camel's MDC unit of work doing it around every step ({@link DeliveryUnitsOfWork}).
     */
    private static void deliver(ProducerTemplate route, Exchange exchange) {
        List<String> logged = new ArrayList<>(4);
        for (var header : exchange.getMessage().getHeaders().entrySet()) {
            if (header.getKey().startsWith(MDC_HEADERS) && header.getValue() != null) {
                MDC.put(header.getKey(), header.getValue().toString());
                logged.add(header.getKey());
            }
        }
        try {
            route.send("direct:deliver", exchange);
        } finally {
            logged.forEach(MDC::remove);
        }
    }

    /** The event as the route reads it: the canonical JSON in the body, the broker's properties as headers. */
    private Exchange toExchange(Message message) throws JMSException {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DeliveryUnitsOfWork.MDC_BY_CONSUMER, Boolean.TRUE);
        exchange.getMessage().setBody(message instanceof TextMessage text ? text.getText() : message.getBody(
                String.class));
        for (Object name : Collections.list(message.getPropertyNames())) {
            exchange.getMessage().setHeader((String) name, message.getObjectProperty((String) name));
        }
        exchange.getMessage().setHeader("JMSMessageID", message.getJMSMessageID());
        exchange.getMessage().setHeader("JMSRedelivered", message.getJMSRedelivered());
        exchange.getMessage().setHeader("JMSXDeliveryCount", message.getIntProperty("JMSXDeliveryCount"));
        return exchange;
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
