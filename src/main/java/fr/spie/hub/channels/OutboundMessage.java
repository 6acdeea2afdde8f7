package fr.spie.hub.channels;

import fr.spie.hub.exchange.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recipient's copy as a remote channel sends it: the translated message (JSON text) and the contract's headers
 * ({@code spie-exchange-id}, {@code spie-message-type}, {@code spie-purpose}, {@code spie-correlation-id}).
 */
public record OutboundMessage(String recipient, String exchangeId, String messageType, String eventType,
                              String purpose, String correlationId, String body) {

    /** The same copy with another message: translated again after the sharing decision narrowed it. */
    public OutboundMessage withBody(String translated) {
        return new OutboundMessage(recipient, exchangeId, messageType, eventType, purpose, correlationId, translated);
    }

    /** The headers every delivered message carries, on every channel. */
    public Map<String, String> contractHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Headers.EXCHANGE_ID, exchangeId);
        headers.put(Headers.MESSAGE_TYPE, messageType);
        headers.put(Headers.PURPOSE, purpose);
        headers.put(Headers.CORRELATION_ID, correlationId);
        headers.put(Headers.EVENT_TYPE, eventType);
        headers.values().removeIf(v -> v == null);
        return headers;
    }
}
