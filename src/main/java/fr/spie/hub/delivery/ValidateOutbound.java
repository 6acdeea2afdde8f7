package fr.spie.hub.delivery;

import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.consent.SharingDecision;
import fr.spie.hub.validation.JsonSchemas;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Step 9: the translated message against the recipient's schema: nothing half-valid leaves the hub. A copy that
 * fails only because minimisation removed what the format requires is withheld with that reason.
 */
@Component("validateOutbound")
public class ValidateOutbound {

    private final JsonSchemas schemas;
    private final HubProperties properties;

    public ValidateOutbound(JsonSchemas schemas, HubProperties properties) {
        this.schemas = schemas;
        this.properties = properties;
    }

    public Delivery apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run) {
        if (delivery.isRefused() || delivery.isWithheld()) {
            return delivery;
        }
        var subscription = delivery.subscription();
        OperationOutcome outcome = schemas.validator(properties.resolve(subscription.schema()))
                .validate(delivery.message());
        if (outcome.hasErrors() && delivery.decision() != null && !delivery.decision().removed().isEmpty()) {
            // Minimisation took away what the recipient's format requires: withheld with that reason, never sent
            // half-valid, and not a fault to replay (the same rules would remove the same fields).
            String reason = "withheld: without the categories " + delivery.decision().removed()
                    + " the recipient's format " + subscription.messageType() + " lacks mandatory fields";
            delivery.withhold(OperationOutcome.error(IssueType.FORBIDDEN, null, reason).and(outcome));
            SharingDecision decided = delivery.decision();
            run.audit(Step.SHARING_DECIDED, Outcome.REJECTED, delivery.recipient().id(), subscription.messageType(),
                    DecideSharing.describe(new SharingDecision(SharingDecision.Verdict.REFUSED, decided.recipient(),
                            decided.eventType(), decided.purpose(), decided.agreement(), decided.legalBasis(),
                            decided.consents(), Set.of(), decided.removed(), reason + ": " + outcome.issue().stream()
                            .flatMap(i -> i.expression().stream()).toList())));
        } else if (outcome.hasErrors()) {
            delivery.refuse(outcome);
        } else {
            run.audit(Step.RECIPIENT_VALIDATED, Outcome.OK, delivery.recipient().id(), subscription.messageType(),
                    subscription.schema());
        }
        return delivery;
    }
}
