package fr.spie.hub.exchange;

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

    private Headers() {
    }
}
