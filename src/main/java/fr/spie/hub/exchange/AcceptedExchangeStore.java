package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.resilience.DurableWrites;
import fr.spie.hub.resilience.IntakeRegistry;
import fr.spie.hub.subjects.IdentifierLinks;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.springframework.stereotype.Component;

/** Durable storage of accepted canonical events: the broker's persistent queue {@code spie.exchange.accepted}. */
@Component
public class AcceptedExchangeStore {

    private final ConnectionFactory connectionFactory;
    private final AuditJournal journal;
    private final ObjectMapper json;
    private final IntakeRegistry intake;
    private final DurableWrites durable;
    private final IdentifierLinks links;

    public AcceptedExchangeStore(ConnectionFactory connectionFactory, AuditJournal journal, ObjectMapper json,
                                 IntakeRegistry intake, DurableWrites durable, IdentifierLinks links) {
        this.links = links;
        this.connectionFactory = connectionFactory;
        this.journal = journal;
        this.json = json;
        this.intake = intake;
        this.durable = durable;
    }

    public AcceptedBatch openBatch() {
        try {
            Connection connection = connectionFactory.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(Addresses.ACCEPTED));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            return new AcceptedBatch(connection, session, producer, journal, intake, durable, links);
        } catch (JMSException e) {
            throw new IllegalStateException("The broker cannot take accepted exchanges", e);
        }
    }

    /**
     * Stores an event an interrupted attempt may already have stored, outside any transaction: the broker silently
     * drops a non-transacted duplicate (same {@code _AMQ_DUPL_ID}), where a transacted one would roll back its whole
     * chunk. The send blocks until the broker has it durably.
     */
    public void storeAgain(CanonicalEvent event) {
        links.flush();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(Addresses.ACCEPTED));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(AcceptedBatch.toMessage(session, json.writeValueAsString(event), event));
        } catch (JsonProcessingException | JMSException e) {
            throw new IllegalStateException("Cannot store accepted exchange " + event.id(), e);
        }
    }

    /** Adds the event to the batch; the batch's commit makes it durable. */
    public void store(AcceptedBatch batch, CanonicalEvent event) {
        store(batch, serialized(event), event);
    }

    /** The event as stored: written before the record's storing turn, on the record's own thread. */
    public String serialized(CanonicalEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store accepted exchange " + event.id(), e);
        }
    }

    /** Adds the event, already serialized, to the batch. */
    public void store(AcceptedBatch batch, String serialized, CanonicalEvent event) {
        try {
            batch.send(serialized, event);
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot store accepted exchange " + event.id(), e);
        }
    }
}
