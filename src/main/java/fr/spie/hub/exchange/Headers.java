package fr.spie.hub.exchange;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Message headers of the contract: every delivered message carries them, on every channel. */
public final class Headers {

    public static final String EXCHANGE_ID = "spie-exchange-id";
    public static final String MESSAGE_TYPE = "spie-message-type";
    public static final String PURPOSE = "spie-purpose";
    public static final String CORRELATION_ID = "spie-correlation-id";
    /** Beyond the contract: the canonical event type and the recipient, for routing and logs. */
    public static final String EVENT_TYPE = "spie-event-type";
    public static final String RECIPIENT = "spie-recipient";
    /** The partner's own id of a message (optional): the same id twice is a duplicate. Over REST: X-Message-Id. */
    public static final String PARTNER_MESSAGE_ID = "spie-message-id";

    /**
     * What a caller may choose as its correlation id: it names report files ({@code data/reports/...}) and goes into
     * every log line, so no path separator, no dot-dot, no control character, at most 64 characters.
     */
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Headers() {
    }

    /** The caller's correlation id when it is safe to use (a UUID, a partner's reference...), otherwise a new one. */
    public static String correlationId(String given, Supplier<String> otherwise) {
        return given != null && SAFE_CORRELATION_ID.matcher(given).matches() ? given : otherwise.get();
    }
}
