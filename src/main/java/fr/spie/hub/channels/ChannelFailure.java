package fr.spie.hub.channels;

/** A partner's system did not take a message (refused, unreachable, too slow). The message names no personal data. */
public class ChannelFailure extends Exception {

    public ChannelFailure(String reason) {
        super(reason);
    }

    public ChannelFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
