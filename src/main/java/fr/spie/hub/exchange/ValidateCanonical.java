package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.validation.JsonSchemas;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Step 4: the canonical event against its schema in {@code schemas/canonical/}, and the rules of this deployment:
 * data about a household of another département is flagged (the hub serves one département), not refused.
 */
@Component("validateCanonical")
public class ValidateCanonical implements Processor {

    private final JsonSchemas schemas;
    private final CanonicalSchemas canonical;
    private final HubProperties properties;
    private final ObjectMapper json;

    public ValidateCanonical(JsonSchemas schemas, CanonicalSchemas canonical, HubProperties properties,
                             ObjectMapper json) {
        this.schemas = schemas;
        this.canonical = canonical;
        this.properties = properties;
        this.json = json;
    }

    public MessageInTransit apply(MessageInTransit message) {
        CanonicalEvent event = message.event();
        JsonNode tree = event.toTree();
        OperationOutcome found = schemas.validator(canonical.schemaOf(event.type())).validate(tree)
                .mapExpressions(expression -> "canonical." + expression);
        String departement = event.data().path("departement").asText("");
        if (!departement.isEmpty() && !departement.equals(properties.departement())) {
            found = found.and(Issue.warning(IssueType.BUSINESS_RULE, "departement", "The household belongs to "
                    + "département " + departement + " but this hub serves département " + properties.departement()));
        }
        message.addIssues(found, Step.CANONICAL_VALIDATED);
        message.audit(Step.CANONICAL_VALIDATED, found.issue().isEmpty() ? Outcome.OK : Outcome.WARNING, null,
                found.issue().isEmpty() ? null : toJson(found));
        return message;
    }

    private String toJson(OperationOutcome outcome) {
        try {
            return json.writeValueAsString(outcome);
        } catch (Exception e) {
            return outcome.issue().size() + " issue(s)";
        }
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange.getMessage().getBody(MessageInTransit.class));
    }
}
