package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        JsonNode tree = treeOf(event);
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

    /**
     * The event as the JSON it is stored as (what {@code valueToTree} gives), its data taken as it is rather than
     * copied node by node: only read by the validation, and the data is most of the event.
     */
    static ObjectNode treeOf(CanonicalEvent event) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        putIfPresent(tree, "specversion", event.specversion());
        putIfPresent(tree, "id", event.id());
        putIfPresent(tree, "source", event.source());
        putIfPresent(tree, "type", event.type());
        putIfPresent(tree, "time", event.time());
        putIfPresent(tree, "subject", event.subject());
        putIfPresent(tree, "datacontenttype", event.datacontenttype());
        putIfPresent(tree, "dataschema", event.dataschema());
        putIfPresent(tree, "purpose", event.purpose());
        putIfPresent(tree, "correlationid", event.correlationid());
        if (event.datacategories() != null) {
            ArrayNode categories = tree.putArray("datacategories");
            event.datacategories().forEach(categories::add);
        }
        if (event.data() != null) {
            tree.set("data", event.data());
        }
        return tree;
    }

    private static void putIfPresent(ObjectNode tree, String field, String value) {
        if (value != null) {
            tree.put(field, value);
        }
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
