package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.broker.MessageProperties;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.exchange.Headers;
import fr.spie.hub.resilience.DeadLetterStore;
import fr.spie.hub.resilience.KeptPayloads;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs a dead letter again (after a mapping or a schema was fixed, or once the recipient is back): its canonical event
 * goes back to {@code spie.exchange.accepted} for its recipient only, under its own exchange id, so that the delivery
 * shows in the original exchange's journey, with REPLAYED naming the dead letter. A dead letter is replayed once.
 */
@Component
public class DeadLetterReplay {

    /** Header restricting a replayed delivery to one recipient. */
    public static final String RECIPIENT = "spie-replay-recipient";

    /** How a replay ended. */
    public enum Result { REPLAYED, NOT_FOUND, ALREADY_REPLAYED, PURGED }

    private final DeadLetterStore store;
    private final AuditJournal journal;
    private final ObjectMapper json;
    private final JmsTemplate jms;

    public DeadLetterReplay(DeadLetterStore store, AuditJournal journal, ObjectMapper json,
                            ConnectionFactory connectionFactory) {
        this.store = store;
        this.journal = journal;
        this.json = json;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.jms.setDeliveryPersistent(true);
        this.jms.setExplicitQosEnabled(true);
    }

    public Result replay(String id, String requestedBy) throws IOException {
        KeptPayloads.Entry entry = store.find(id).orElse(null);
        if (entry == null) {
            return Result.NOT_FOUND;
        }
        if (entry.replayedAt() != null) {
            return Result.ALREADY_REPLAYED;
        }
        byte[] payload = store.payload(id).orElse(null);
        if (payload == null) {
            return Result.PURGED;
        }
        if (!store.markReplayed(id, entry.exchangeId())) {
            return Result.ALREADY_REPLAYED;
        }
        try {
            String canonical = new String(payload, StandardCharsets.UTF_8);
            CanonicalEvent event = json.readValue(canonical, CanonicalEvent.class);
            jms.send(Addresses.ACCEPTED, session -> {
                TextMessage message = session.createTextMessage(canonical);
                MessageProperties.put(message, Headers.EXCHANGE_ID, event.id());
                MessageProperties.put(message, Headers.CORRELATION_ID, event.correlationid());
                MessageProperties.put(message, Headers.EVENT_TYPE, event.type());
                MessageProperties.put(message, Headers.PURPOSE, event.purpose());
                if (!DeadLetterStore.ALL_RECIPIENTS.equals(entry.partner())) {
                    MessageProperties.put(message, RECIPIENT, entry.partner());
                }
                if (event.subject() != null) {
                    message.setStringProperty("JMSXGroupID", event.subject());
                }
                message.setStringProperty("_AMQ_DUPL_ID", "replay/" + id);
                return message;
            });
            journal.append(List.of(new AuditEvent(Instant.now(), event.id(), event.correlationid(), Step.REPLAYED,
                    Outcome.OK, null, entry.partner(), entry.messageType(), event.subject(), event.purpose(), null,
                    "dead letter " + id + " replayed by " + requestedBy)));
            return Result.REPLAYED;
        } catch (RuntimeException | IOException e) {
            store.unmarkReplayed(id);
            throw e;
        }
    }
}
