package fr.spie.hub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.resilience.DeadLetterStore;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A delivery the hub refused to make (its mapping failed, or its result broke the recipient's schema): the reason and
 * the canonical event go to the dead-letter store ({@code /api/v1/dead-letters}), sealed, to be replayed once fixed.
 * Other recipients are not held up.
 */
@Component("deadLetter")
public class DeadLetter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetter.class);

    private final DeadLetterStore store;
    private final ObjectMapper json;

    public DeadLetter(DeadLetterStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run)
            throws JsonProcessingException {
        String recipient = delivery.recipient().id();
        String reason = json.writeValueAsString(delivery.refusal());
        String id = store.record(recipient, run.event().id(), delivery.subscription().messageType(), reason,
                json.writeValueAsBytes(run.event()));
        run.audit(Step.DELIVERY_FAILED, Outcome.FAILED, recipient, delivery.subscription().messageType(), reason);
        log.warn("Delivery to {} refused: {} issue(s), dead letter {}", recipient, delivery.refusal().issue().size(),
                id);
    }
}
