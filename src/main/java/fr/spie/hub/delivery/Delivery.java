package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.consent.SharingDecision;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.Subscription;
import fr.spie.hub.validation.OperationOutcome;

/**
 * One recipient's copy of an accepted event: decided (consent, legal basis, minimisation), translated to its format,
 * then delivered, withheld (the sharing rules do not let it go) or refused (a fault, to the dead letters).
 */
public final class Delivery {

    private final Partner recipient;
    private final Subscription subscription;
    private JsonNode message;
    private OperationOutcome refusal;
    private SharingDecision decision;
    private CanonicalEvent minimised;
    private OperationOutcome withholding;

    public Delivery(Partner recipient, Subscription subscription) {
        this.recipient = recipient;
        this.subscription = subscription;
    }

    public Partner recipient() { return recipient; }
    public Subscription subscription() { return subscription; }
    public JsonNode message() { return message; }
    public OperationOutcome refusal() { return refusal; }

    public SharingDecision decision() { return decision; }
    public OperationOutcome withholding() { return withholding; }

    /** Where this copy goes: the subscription's own channel, else the partner's (a queue by default). */
    public Partner.Delivery channel() { return recipient.channelOf(subscription); }

    /** True once a step refused it: it goes to the dead letters, not to the recipient. */
    public boolean isRefused() { return refusal != null; }

    /** True when the sharing rules keep it from the recipient: not a fault, nothing to replay, never sent. */
    public boolean isWithheld() { return withholding != null; }

    /** The event this recipient may see: the minimised copy when categories were removed, else the accepted one. */
    public CanonicalEvent eventFor(DeliveryRun run) { return minimised != null ? minimised : run.event(); }

    void decided(SharingDecision sharing, CanonicalEvent minimisedEvent) {
        this.decision = sharing;
        this.minimised = minimisedEvent;
    }
    void withhold(OperationOutcome why) { this.withholding = why; }

    void translated(JsonNode translated) { this.message = translated; }
    void refuse(OperationOutcome why) { this.refusal = why; }
}
