package fr.spie.hub.channels;

import fr.spie.hub.partner.Partner;

/** A way to hand a message to a partner's own system. One implementation per {@code channel} of the partner files. */
public interface Channel {

    /** The {@code channel} value of the partner files this implementation serves ({@code webhook}, {@code soap}...). */
    String name();

    /**
     * Sends one message; returns only once the partner's system took it.
     *
     * @throws ChannelFailure when it did not; the reason names the endpoint's answer, never the payload
     */
    void send(OutboundMessage message, Partner.Delivery channel) throws ChannelFailure;
}
