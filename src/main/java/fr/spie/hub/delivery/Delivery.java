package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.Subscription;
import fr.spie.hub.validation.OperationOutcome;

/** One recipient's copy of an accepted event: translated to its format, then delivered or refused with a reason. */
public final class Delivery {

    private final Partner recipient;
    private final Subscription subscription;
    private JsonNode message;
    private OperationOutcome refusal;

    public Delivery(Partner recipient, Subscription subscription) {
        this.recipient = recipient;
        this.subscription = subscription;
    }

    public Partner recipient() { return recipient; }
    public Subscription subscription() { return subscription; }
    public JsonNode message() { return message; }
    public OperationOutcome refusal() { return refusal; }

    /** Where this copy goes: the subscription's own channel, else the partner's (a queue by default). */
    public Partner.Delivery channel() { return recipient.channelOf(subscription); }

    /** True once a step refused it: it goes to the dead letters, not to the recipient. */
    public boolean isRefused() { return refusal != null; }

    void translated(JsonNode translated) { this.message = translated; }
    void refuse(OperationOutcome why) { this.refusal = why; }
}
