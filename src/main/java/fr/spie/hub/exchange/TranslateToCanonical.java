package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.mapping.MappingException;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Step 3: the partner's message becomes a canonical event. The mapping file gives the event's {@code data}; the hub
 * writes the envelope (id, source, type, time, purpose, correlation id, data categories) so no mapping can forge it.
 * When the message type declares variants (one feed, several kinds of event), the message's own fields choose the
 * variant, hence the mapping and the event type, before anything is mapped.
 */
@Component("translateToCanonical")
public class TranslateToCanonical implements Processor {

    private final MappingCatalog mappings;
    private final CanonicalSchemas schemas;

    public TranslateToCanonical(MappingCatalog mappings, CanonicalSchemas schemas) {
        this.mappings = mappings;
        this.schemas = schemas;
    }

    public MessageInTransit apply(MessageInTransit message) {
        var declaration = chooseVariant(message);
        JsonNode data;
        try {
            ObjectNode header = JsonNodeFactory.instance.objectNode();
            message.headers().forEach(header::set);
            data = mappings.apply(declaration.mapping(), message.tree(), header, message.messageType(),
                    message.exchangeId(), message.receivedAt().toString());
        } catch (MappingException e) {
            throw new ExchangeRejectedException(message.outcome().and(OperationOutcome.error(IssueType.PROCESSING,
                    null, "Mapping " + declaration.mapping() + " failed: " + e.getMessage())), Step.TRANSLATED);
        }
        if (!(data instanceof ObjectNode dataObject)) {
            throw new ExchangeRejectedException(message.outcome().and(OperationOutcome.error(IssueType.PROCESSING,
                    null, "Mapping " + declaration.mapping() + " gave no object")), Step.TRANSLATED);
        }
        List<String> categories = List.copyOf(schemas.categoriesOf(declaration.eventType()).presentIn(dataObject));
        message.event(new CanonicalEvent(CanonicalEvent.SPEC_VERSION, message.exchangeId(),
                "/partners/" + message.partnerId(), declaration.eventType(), message.receivedAt().toString(), null,
                "application/json", CanonicalSchemas.dataschemaOf(declaration.eventType()), declaration.purpose(),
                message.correlationId(), categories, dataObject));
        message.audit(Step.TRANSLATED, Outcome.OK, null, declaration.mapping());
        return message;
    }

    /** The declaration this very message follows; from here on the message carries it (event type, purpose). */
    private static Partner.InboundMessageType chooseVariant(MessageInTransit message) {
        var type = message.declaration();
        if (type.variants().isEmpty()) {
            return type;
        }
        var chosen = type.formFor(message.tree()).orElseThrow(() -> new ExchangeRejectedException(
                message.outcome().and(OperationOutcome.error(IssueType.CODE_INVALID,
                        type.variantField(),
                        "No variant of the message type '" + message.messageType() + "' of partner '"
                                + message.partnerId() + "' takes this message (variants: "
                                + type.variants().stream().map(v -> String.valueOf(v.when())).toList() + ")")),
                Step.TRANSLATED));
        message.identified(message.partner(), chosen);
        return chosen;
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange.getMessage().getBody(MessageInTransit.class));
    }
}
