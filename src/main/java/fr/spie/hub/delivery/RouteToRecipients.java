package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.consent.ConsentChanges;
import fr.spie.hub.consent.ConsentRecord;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Step 7: the partners subscribed to the event's type receive it; the sender never gets its own event back. A consent
 * change goes only to the subscribers its consent names (or to all, for a consent to all SPIE partners).
 */
@Component("routeToRecipients")
public class RouteToRecipients {

    private final PartnerRegistry partners;
    private final ObjectMapper json;

    public RouteToRecipients(PartnerRegistry partners, ObjectMapper json) {
        this.partners = partners;
        this.json = json;
    }

    public DeliveryRun apply(String canonicalJson) throws IOException {
        CanonicalEvent event = json.readValue(canonicalJson, CanonicalEvent.class);
        String sender = event.source() == null ? "" : event.source().substring(event.source().lastIndexOf('/') + 1);
        List<Delivery> deliveries = new ArrayList<>();
        for (Partner recipient : partners.subscribersOf(event.type())) {
            if (!recipient.id().equals(sender) && concerns(event, recipient.id())) {
                deliveries.add(new Delivery(recipient, recipient.subscriptionTo(event.type()).orElseThrow()));
            }
        }
        DeliveryRun run = new DeliveryRun(event, sender, deliveries);
        run.audit(Step.ROUTED, Outcome.OK, null, null,
                deliveries.isEmpty() ? "no subscriber" : String.join(",", deliveries.stream()
                        .map(d -> d.recipient().id()).toList()));
        return run;
    }

    /**
     * Whether the event is any business of this recipient. A consent change is: only for the partners its consent
     * lets receive data, since they must stop using it on a withdrawal; another partner subscribed to consent changes
     * must not learn that this person consented to someone else.
     */
    static boolean concerns(CanonicalEvent event, String recipient) {
        if (!ConsentChanges.EVENT_TYPE.equals(event.type()) || event.data() == null) {
            return true;
        }
        for (var named : event.data().path("recipients")) {
            if (named.asText().equals(recipient) || named.asText().equals(ConsentRecord.ALL_PARTNERS)) {
                return true;
            }
        }
        return false;
    }
}
