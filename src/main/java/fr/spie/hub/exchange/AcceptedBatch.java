package fr.spie.hub.exchange;

import fr.spie.hub.broker.MessageProperties;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.IntakeRegistry;
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
 */
public final class AcceptedBatch implements AutoCloseable {

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final AuditJournal journal;
    private final IntakeRegistry intake;
    private final List<AuditEvent> pendingAudit = new ArrayList<>();
    private final List<IntakeRegistry.Entry> pendingKeys = new ArrayList<>();
    private int pendingMessages;

    AcceptedBatch(Connection connection, Session session, MessageProducer producer, AuditJournal journal,
                  IntakeRegistry intake) {
        this.connection = connection;
        this.session = session;
        this.producer = producer;
        this.journal = journal;
        this.intake = intake;
    }

    void send(String canonicalJson, CanonicalEvent event) throws JMSException {
        producer.send(toMessage(session, canonicalJson, event));
        pendingMessages++;
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
    void journal(List<AuditEvent> events) {
        pendingAudit.addAll(events);
    }

    /** The submission's intake key, registered with the commit (pending before, committed after). */
    void intake(IntakeRegistry.Entry entry) {
        pendingKeys.add(entry);
    }

    public int pending() {
        return pendingMessages;
    }

    /**
     * Registers the intake keys as pending, journals, commits to the broker, then marks the keys committed: a message
     * is accepted once this returns. A crash between the two key writes is resolved when the file comes again.
     */
    public void commit() throws JMSException {
        intake.registerPending(pendingKeys);
        journal.append(pendingAudit);
        pendingAudit.clear();
        session.commit();
        pendingMessages = 0;
        intake.markCommitted(pendingKeys);
        pendingKeys.clear();
    }

    /** Journals what was refused even when nothing is to be committed to the broker. */
    public void journalOnly() {
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
