package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Step 7: the partners subscribed to the event's type receive it; the sender never gets its own event back. */
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
            if (!recipient.id().equals(sender)) {
                deliveries.add(new Delivery(recipient, recipient.subscriptionTo(event.type()).orElseThrow()));
            }
        }
        DeliveryRun run = new DeliveryRun(event, sender, deliveries);
        run.audit(Step.ROUTED, Outcome.OK, null, null,
                deliveries.isEmpty() ? "no subscriber" : String.join(",", deliveries.stream()
                        .map(d -> d.recipient().id()).toList()));
        return run;
    }
}
