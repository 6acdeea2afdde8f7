package fr.spie.hub.delivery;

import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.validation.JsonSchemas;
import fr.spie.hub.validation.OperationOutcome;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** Step 9: the translated message against the recipient's schema: nothing half-valid leaves the hub. */
@Component("validateOutbound")
public class ValidateOutbound {

    private final JsonSchemas schemas;
    private final HubProperties properties;

    public ValidateOutbound(JsonSchemas schemas, HubProperties properties) {
        this.schemas = schemas;
        this.properties = properties;
    }

    public Delivery apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run) {
        if (delivery.isRefused()) {
            return delivery;
        }
        var subscription = delivery.subscription();
        OperationOutcome outcome = schemas.validator(properties.resolve(subscription.schema()))
                .validate(delivery.message());
        if (outcome.hasErrors()) {
            delivery.refuse(outcome);
        } else {
            run.audit(Step.RECIPIENT_VALIDATED, Outcome.OK, delivery.recipient().id(), subscription.messageType(),
                    subscription.schema());
        }
        return delivery;
    }
}
