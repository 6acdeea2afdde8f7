package fr.spie.hub.exchange;

import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Step 1: which partner sent it and which of its declared message types it is. */
@Component("identifyMessageType")
public class IdentifyMessageType implements Processor {

    private final PartnerRegistry partners;

    public IdentifyMessageType(PartnerRegistry partners) {
        this.partners = partners;
    }

    public MessageInTransit apply(MessageInTransit message) {
        String detail = message.record() > 0 ? "record " + message.record()
                : message.channel() != null ? "via " + message.channel() : null;
        message.audit(Step.RECEIVED, Outcome.OK, null, detail);
        Partner partner = partners.find(message.partnerId()).orElseThrow(() -> new ExchangeRejectedException(
                OperationOutcome.error(IssueType.FORBIDDEN, null, "Unknown partner '" + message.partnerId() + "'"),
                Step.RECEIVED));
        Partner.InboundMessageType type = partner.inboundType(message.messageType()).orElseThrow(() ->
                new ExchangeRejectedException(OperationOutcome.error(IssueType.FORBIDDEN, null, "Partner '"
                        + partner.id() + "' declares no inbound message type '" + message.messageType() + "'"),
                        Step.RECEIVED));
        message.identified(partner, type);
        return message;
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange.getMessage().getBody(MessageInTransit.class));
    }
}
