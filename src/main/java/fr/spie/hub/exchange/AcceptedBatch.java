package fr.spie.hub.exchange;

import fr.spie.hub.broker.MessageProperties;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.DurableWrites;
import fr.spie.hub.resilience.IntakeRegistry;
import fr.spie.hub.subjects.IdentifierLinks;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepted canonical events not yet committed: one broker transaction and the audit events that go with it. Committing
 * a few hundred records at once is what makes a large flux fast; nothing is acknowledged to a sender before commit.
 *
 * <p>The records of a batch may go through the pipeline on several threads at once ({@link BatchReceiver}): each has
 * a turn, given in the file's order, and is stored only in its turn, so the accepted queue holds them in the file's
 * order (one person's events are delivered in the order they were sent) whatever thread finished first.
 */
public final class AcceptedBatch implements AutoCloseable {

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final AuditJournal journal;
    private final IntakeRegistry intake;
    private final DurableWrites durable;
    private final IdentifierLinks links;
    private final List<AuditEvent> pendingAudit = new ArrayList<>();
    private final List<IntakeRegistry.Entry> pendingKeys = new ArrayList<>();
    private int pendingMessages;
    // Turns: the next record allowed to store, and the later ones already through the pipeline (rejected, duplicate).
    private long nextTurn;
    private final java.util.TreeSet<Long> finishedAhead = new java.util.TreeSet<>();

    AcceptedBatch(Connection connection, Session session, MessageProducer producer, AuditJournal journal,
                  IntakeRegistry intake, DurableWrites durable) {
        this(connection, session, producer, journal, intake, durable, null);
    }

    AcceptedBatch(Connection connection, Session session, MessageProducer producer, AuditJournal journal,
                  IntakeRegistry intake, DurableWrites durable, IdentifierLinks links) {
        this.links = links;
        this.connection = connection;
        this.session = session;
        this.producer = producer;
        this.journal = journal;
        this.intake = intake;
        this.durable = durable;
    }

    synchronized void send(String canonicalJson, CanonicalEvent event) throws JMSException {
        producer.send(toMessage(session, canonicalJson, event));
        pendingMessages++;
    }

    /** Something that stores a record into this batch (may fail like a broker send). */
    interface Storing {
        void store() throws JMSException;
    }

    /**
     * Runs {@code storing} once every record of an earlier turn has finished its way through the pipeline; a record
     * that never reaches storage (rejected, duplicate) passes its turn with {@link #finished}.
     *
     * @param turn the record's turn, 0 for the first record; a negative turn (a message alone) stores at once
     */
    void inTurn(long turn, Storing storing) throws JMSException {
        if (turn >= 0) {
            synchronized (this) {
                while (nextTurn < turn) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting to store record turn " + turn, e);
                    }
                }
            }
        }
        storing.store();
    }

    /** The record of this turn is through the pipeline, stored or not: the next turn may store. */
    synchronized void finished(long turn) {
        finishedAhead.add(turn);
        while (!finishedAhead.isEmpty() && finishedAhead.first() == nextTurn) {
            finishedAhead.pollFirst();
            nextTurn++;
        }
        notifyAll();
    }

    /** Waits until every record up to (not including) {@code turns} has finished: nothing is half-stored then. */
    synchronized void awaitFinished(long turns) throws InterruptedException {
        while (nextTurn < turns) {
            wait();
        }
    }

    static TextMessage toMessage(Session session, String canonicalJson, CanonicalEvent event) throws JMSException {
        TextMessage message = session.createTextMessage(canonicalJson);
        MessageProperties.put(message, Headers.EXCHANGE_ID, event.id());
        MessageProperties.put(message, Headers.CORRELATION_ID, event.correlationid());
        MessageProperties.put(message, Headers.EVENT_TYPE, event.type());
        MessageProperties.put(message, Headers.PURPOSE, event.purpose());
        // One person's events are delivered in order even with several consumers.
        if (event.subject() != null) {
            message.setStringProperty("JMSXGroupID", event.subject());
        }
        // The broker drops a second copy of the same exchange (a batch re-sent after a crash).
        message.setStringProperty("_AMQ_DUPL_ID", event.id());
        return message;
    }

    /** Audit events are written with the batch, just before its broker commit. */
    synchronized void journal(List<AuditEvent> events) {
        pendingAudit.addAll(events);
    }

    /** The submission's intake key, registered with the commit (pending before, committed after). */
    synchronized void intake(IntakeRegistry.Entry entry) {
        pendingKeys.add(entry);
    }

    public synchronized int pending() {
        return pendingMessages;
    }

    /**
     * Registers the intake keys as pending, journals, commits to the broker, then marks the keys committed: a message
     * is accepted once this returns. A crash between the two key writes is resolved when the file comes again. The
     * identifier links, the pending keys and the audit rows are in the database's file before the broker commit
     * ({@link DurableWrites}).
     */
    public synchronized void commit() throws JMSException {
        if (links != null) {
            // the identifier links these records made (and any other decided meanwhile), before they are accepted
            links.flush();
        }
        intake.registerPending(pendingKeys);
        journal.append(pendingAudit);
        pendingAudit.clear();
        durable.beforeBrokerCommit();
        session.commit();
        pendingMessages = 0;
        intake.markCommitted(pendingKeys);
        pendingKeys.clear();
    }

    /** Journals what was refused even when nothing is to be committed to the broker. */
    public synchronized void journalOnly() {
        journal.append(pendingAudit);
        pendingAudit.clear();
    }

    @Override
    public void close() {
        try {
            session.close();
            connection.close();
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot close the broker session", e);
        }
    }
}
