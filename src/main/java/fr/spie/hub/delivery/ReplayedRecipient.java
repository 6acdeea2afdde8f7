package fr.spie.hub.delivery;

import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import java.util.List;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Step 7b: a replayed dead letter ({@link DeadLetterReplay}) goes to the recipient it failed for, not again to those
 * that had it already. Other events pass unchanged.
 */
@Component("replayedRecipient")
public class ReplayedRecipient {

    public DeliveryRun apply(DeliveryRun run, @Header(DeadLetterReplay.RECIPIENT) String onlyRecipient) {
        if (onlyRecipient == null || onlyRecipient.isBlank()) {
            return run;
        }
        List<Delivery> kept = run.deliveries().stream().filter(d -> d.recipient().id().equals(onlyRecipient)).toList();
        DeliveryRun replay = new DeliveryRun(run.event(), run.sender(), kept);
        replay.auditEvents().addAll(run.auditEvents());
        replay.audit(Step.ROUTED, Outcome.OK, onlyRecipient, null, "replay of a dead letter: " + onlyRecipient + " only");
        return replay;
    }
}
