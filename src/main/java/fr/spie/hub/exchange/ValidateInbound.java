package fr.spie.hub.exchange;

import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.validation.JsonSchemas;
import fr.spie.hub.validation.OperationOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Step 2: the message against its partner's own schema. XML records were checked against the XSD while they were
 * streamed (one pass over a large file, not two): their outcome is already on the message. JSON is checked here.
 */
@Component("validateInbound")
public class ValidateInbound implements Processor {

    private final JsonSchemas schemas;
    private final HubProperties properties;

    public ValidateInbound(JsonSchemas schemas, HubProperties properties) {
        this.schemas = schemas;
        this.properties = properties;
    }

    public MessageInTransit apply(MessageInTransit message) {
        OperationOutcome found = OperationOutcome.ok();
        if ("json".equals(message.declaration().format()) && !message.outcome().hasErrors()) {
            found = schemas.validator(properties.resolve(message.declaration().schema())).validate(message.tree());
        }
        message.addIssues(found, Step.VALIDATED);
        if (message.outcome().hasErrors()) {
            throw new ExchangeRejectedException(message.outcome(), Step.VALIDATED);
        }
        message.audit(Step.VALIDATED, message.outcome().warnings().isEmpty() ? Outcome.OK : Outcome.WARNING, null,
                message.declaration().schema());
        return message;
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange.getMessage().getBody(MessageInTransit.class));
    }
}
