package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.mapping.MappingException;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** Step 8: the canonical event (envelope and data) becomes the recipient's own message, by its mapping file. */
@Component("translateForRecipient")
public class TranslateForRecipient {

    private final MappingCatalog mappings;
    public TranslateForRecipient(MappingCatalog mappings) {
        this.mappings = mappings;
    }

    public Delivery apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run) {
        if (delivery.isWithheld()) {
            return delivery;
        }
        var subscription = delivery.subscription();
        try {
            // The minimised copy when DecideSharing removed categories: the mapping never sees what may not go.
            // The whole event's tree is made once per event and shared by the recipients that get it whole.
            CanonicalEvent seen = delivery.eventFor(run);
            JsonNode event = seen == run.event() ? run.eventTree() : seen.toTree();
            JsonNode translated = mappings.apply(subscription.mapping(), event, null, subscription.messageType(),
                    run.event().id(), run.event().time());
            delivery.translated(translated);
            run.audit(Step.RECIPIENT_TRANSLATED, Outcome.OK, delivery.recipient().id(), subscription.messageType(),
                    subscription.mapping());
        } catch (MappingException e) {
            delivery.refuse(OperationOutcome.error(IssueType.PROCESSING, null,
                    "Mapping " + subscription.mapping() + " failed: " + e.getMessage()));
        }
        return delivery;
    }
}
