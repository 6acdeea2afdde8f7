package fr.spie.hub.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.QuarantineStore;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * What happens to a refused message (and to one the hub failed on): its outcome is kept on the message for the
 * sender's answer and journaled. The outcome holds paths and reasons, never values, so it can be logged and audited.
 */
@Component("recordRejection")
public class RecordRejection implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RecordRejection.class);

    private final AuditJournal journal;
    private final ObjectMapper json;
    private final QuarantineStore quarantine;

    public RecordRejection(AuditJournal journal, ObjectMapper json, QuarantineStore quarantine) {
        this.journal = journal;
        this.json = json;
        this.quarantine = quarantine;
    }

    public void apply(Exchange exchange) {
        MessageInTransit message = exchange.getMessage().getBody(MessageInTransit.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof ExchangeRejectedException rejected) {
            message.outcome(rejected.outcome());
            message.status(MessageInTransit.Status.REJECTED);
            message.audit(Step.REJECTED, Outcome.REJECTED, null, toJson(rejected.outcome()));
            log.info("Rejected {} {} at {}: {} issue(s)", message.partnerId(), message.messageType(), rejected.step(),
                    rejected.outcome().issue().size());
        } else {
            String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName();
            message.outcome(message.outcome().and(OperationOutcome.error(IssueType.EXCEPTION, null,
                    "The hub failed to process this message (" + reason + "); it was not accepted")));
            message.status(MessageInTransit.Status.FAILED);
            message.audit(Step.REJECTED, Outcome.FAILED, null, reason);
            // The exception's message may quote the input: only its type and place are logged, the rest at debug.
            log.error("Failed on {} {}: {} at {}", message.partnerId(), message.messageType(), reason,
                    cause == null || cause.getStackTrace().length == 0 ? "?" : cause.getStackTrace()[0]);
            log.debug("Failure detail", cause);
        }
        // Set aside, sealed, with its reason: replayable once the mapping, the schema or the data is fixed.
        message.auditEvents().add(quarantine.record(message.exchangeId(), message.correlationId(), message.partnerId(),
                message.messageType(), message.record(), toJson(message.outcome()), QuarantinedPayload.of(message, json)));
        if (message.batch() != null) {
            message.batch().journal(message.auditEvents());
        } else {
            journal.append(message.auditEvents());
        }
        message.auditEvents().clear();
    }

    private String toJson(OperationOutcome outcome) {
        try {
            return json.writeValueAsString(outcome);
        } catch (JsonProcessingException e) {
            return outcome.issue().size() + " issue(s)";
        }
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange);
    }
}
