package fr.spie.hub.delivery;

import fr.spie.hub.exchange.Headers;
import fr.spie.hub.resilience.DeadLetterStore;
import fr.spie.hub.validation.OperationOutcome;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An accepted event the delivery route failed on again and again is moved by the broker to {@code spie.dead-letter}
 * (after its redeliveries, see BrokerConfiguration). It is taken from there into the dead-letter store, for every
 * recipient (the whole delivery failed, nothing of it was sent), so that it is listed and replayed like any other.
 */
@Component("brokerDeadLetters")
public class BrokerDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(BrokerDeadLetters.class);

    private final DeadLetterStore store;

    public BrokerDeadLetters(DeadLetterStore store) {
        this.store = store;
    }

    /**
     * @param recipient set when a channel (webhook, SOAP, file drop) gave up on one recipient's copy
     *                  ({@code ChannelDeadLetter}), with its reason in {@code spie-outcome}; absent when the broker gave
     *                  up on a whole accepted event
     */
    public void apply(String body, @Header(Headers.EXCHANGE_ID) String exchangeId,
                      @Header(Headers.RECIPIENT) String recipient, @Header(Headers.MESSAGE_TYPE) String messageType,
                      @Header("spie-outcome") String outcome, @Header("JMSXDeliveryCount") Integer deliveries) {
        String id = exchangeId == null ? "unknown-" + UUID.randomUUID() : exchangeId;
        Object reason = outcome != null ? outcome
                : OperationOutcome.error(OperationOutcome.IssueType.TRANSIENT, null, "The delivery failed "
                        + (deliveries == null ? "several" : deliveries) + " times in a row and was given up");
        String deadLetter = store.record(recipient == null ? DeadLetterStore.ALL_RECIPIENTS : recipient, id,
                messageType, reason, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        log.warn("Delivery given up ({}): dead letter {}", recipient == null ? "all recipients" : recipient, deadLetter);
    }
}
