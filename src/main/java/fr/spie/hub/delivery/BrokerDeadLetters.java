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

    public void apply(String canonicalJson, @Header(Headers.EXCHANGE_ID) String exchangeId,
                      @Header("JMSXDeliveryCount") Integer deliveries) {
        String id = exchangeId == null ? "unknown-" + UUID.randomUUID() : exchangeId;
        String deadLetter = store.record(DeadLetterStore.ALL_RECIPIENTS, id, null,
                OperationOutcome.error(OperationOutcome.IssueType.TRANSIENT, null, "The delivery failed "
                        + (deliveries == null ? "several" : deliveries) + " times in a row and was given up"),
                canonicalJson == null ? null : canonicalJson.getBytes(StandardCharsets.UTF_8));
        log.warn("Accepted exchange given up by the broker after its redeliveries: dead letter {}", deadLetter);
    }
}
