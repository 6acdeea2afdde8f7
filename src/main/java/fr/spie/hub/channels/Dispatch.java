package fr.spie.hub.channels;

import fr.spie.hub.broker.Addresses;

/** Names of the per-partner dispatch queues and of the headers that travel with a copy waiting there. */
public final class Dispatch {

    /** Route template of routes/outbound-dispatch.camel.yaml: one consumer per partner with a remote channel. */
    static final String TEMPLATE = "outbound-dispatch";
    static final String SUBJECT = "spie-subject";
    static final String SENDER = "spie-sender";
    /**
     * The canonical event the copy was translated from (this recipient's, minimised): the sharing decision is taken
     * again on it before each attempt ({@link fr.spie.hub.delivery.SharingRecheck}), and it is what a dead letter keeps
     * for its replay (which decides, translates and validates again).
     */
    static final String RECIPIENT_EVENT = "spie-recipient-event";

    private Dispatch() {
    }

    /** One queue per partner, so that a partner that is down holds up only its own messages. */
    public static String queue(String partnerId) {
        return Addresses.dispatch(partnerId);
    }
}
