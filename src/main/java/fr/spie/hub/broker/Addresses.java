package fr.spie.hub.broker;

/** The broker addresses of the contract, named in one place. */
public final class Addresses {

    /** Canonical events accepted and durably stored, waiting for routing and delivery. */
    public static final String ACCEPTED = "spie.exchange.accepted";
    /** Messages that could not be delivered, with their outcome. */
    public static final String DEAD_LETTER = "spie.dead-letter";

    private Addresses() {
    }

    public static String outbound(String partnerId) {
        return "spie.outbound." + partnerId;
    }

    /**
     * The hub's own queue of copies waiting for a partner's remote channel (webhook, SOAP, file drop): one per
     * partner, so that a partner that is down holds up only its own messages. Partners have no right on it.
     */
    public static String dispatch(String partnerId) {
        return "spie.dispatch." + partnerId;
    }

    public static String inbound(String partnerId) {
        return "spie.inbound." + partnerId;
    }
}
