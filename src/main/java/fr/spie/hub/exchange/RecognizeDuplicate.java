package fr.spie.hub.exchange;

import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.IntakeRegistry;
import fr.spie.hub.resilience.IntakeRegistry.Known;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Step 0: idempotent intake. A submission whose key (partner message id, or payload hash) was already accepted is a
 * duplicate: journaled as such under the first exchange id and answered with it, never delivered again. A key
 * registered by an attempt that crashed before it was known to be stored is taken again under its first exchange id:
 * Artemis' duplicate detection then drops it if the first attempt did reach the broker.
 */
@Component("recognizeDuplicate")
public class RecognizeDuplicate implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RecognizeDuplicate.class);
    /** Set on the Camel exchange of a duplicate; the receive route stops there. */
    static final String DUPLICATE_PROPERTY = "spieDuplicate";

    private final IntakeRegistry registry;
    private final AuditJournal journal;
    private final GroupCommit groupCommit;

    public RecognizeDuplicate(IntakeRegistry registry, AuditJournal journal, GroupCommit groupCommit) {
        this.registry = registry;
        this.journal = journal;
        this.groupCommit = groupCommit;
    }

    public void apply(Exchange exchange) {
        MessageInTransit message = exchange.getMessage().getBody(MessageInTransit.class);
        if (message.intakeKey() == null || message.keyUnregistered()) {
            return;
        }
        Optional<Known> known = registry.find(message.partnerId(), message.intakeKey());
        if (known.isPresent() && !known.get().committed()) {
            // Pending: the same message may be in its commit right now (sent twice at once), not interrupted by a
            // crash. Once that commit is through, the key reads committed (a duplicate) or is gone (it failed).
            groupCommit.awaitInFlight(message.partnerId(), message.intakeKey());
            known = registry.find(message.partnerId(), message.intakeKey());
        }
        if (known.isEmpty()) {
            return;
        }
        String first = known.get().exchangeId();
        exchange.getMessage().setHeader(Headers.EXCHANGE_ID, first);
        if (!known.get().committed()) {
            message.resumeAs(first);
            log.info("Record {} of {} {} was registered by an interrupted attempt: stored again under its first id",
                    message.record(), message.partnerId(), message.messageType());
            return;
        }
        message.duplicateOf(first);
        // what the route's filter reads: a property, not a method called by reflection on every message
        exchange.setProperty(DUPLICATE_PROPERTY, Boolean.TRUE);
        message.audit(Step.DUPLICATE, Outcome.OK, null, "Already accepted as exchange " + first);
        if (message.batch() != null) {
            message.batch().journal(message.auditEvents());
        } else {
            journal.append(message.auditEvents());
        }
        message.auditEvents().clear();
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange);
    }
}
