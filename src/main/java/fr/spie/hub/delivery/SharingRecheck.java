package fr.spie.hub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.consent.SharingDecision;
import fr.spie.hub.consent.SharingDecision.Verdict;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.validation.OperationOutcome;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The sharing decision taken again for one copy that waits on a remote channel's dispatch queue
 * ({@code spie.dispatch.{partner}}), before each attempt to send it: a consent withdrawn or expired while the copy
 * waited (a partner down, a retry's backoff) stops it as it would have stopped it at delivery time. The copy is
 * decided on the event it was translated from (already minimised for this recipient):
 * <ul>
 *   <li>still allowed as it is: sent as it is, and nothing is journaled again;</li>
 *   <li>refused: not sent, journaled SHARING_DECIDED (REJECTED) with the reason; not a fault, not dead-lettered;</li>
 *   <li>narrower (a category it holds is no longer allowed): minimised again, translated again and validated again
 *       by the same steps as the deliver route, then sent; withheld if the format then lacks a mandatory field.</li>
 * </ul>
 */
@Component
public class SharingRecheck {

    /**
     * What to do with the copy now.
     *
     * @param body     the message to send (the queued one, or the one translated again); null when not to send
     * @param withheld why it is not sent (sharing rules), or null
     * @param fault    a fault that sends it to the dead letters (its new translation failed), or null
     * @param event    the canonical event the recipient may see now (what a dead letter keeps: never more)
     * @param audit    the audit events of this decision, to journal (none when the copy goes as it was)
     */
    public record Outcome(String body, SharingDecision decision, OperationOutcome withheld, OperationOutcome fault,
                          CanonicalEvent event, List<AuditEvent> audit) {

        public boolean isWithheld() {
            return withheld != null;
        }

        public boolean isFault() {
            return fault != null;
        }
    }

    private final DecideSharing decide;
    private final TranslateForRecipient translate;
    private final ValidateOutbound validate;
    private final ObjectMapper json;

    public SharingRecheck(DecideSharing decide, TranslateForRecipient translate, ValidateOutbound validate,
                          ObjectMapper json) {
        this.decide = decide;
        this.translate = translate;
        this.validate = validate;
        this.json = json;
    }

    /**
     * @param seen   the canonical event the queued copy was translated from (this recipient's, minimised)
     * @param sender the partner that sent the original
     * @param body   the queued copy
     * @param when   said in the decision's reason, e.g. "decided again before attempt 2 on webhook"
     */
    public Outcome recheck(CanonicalEvent seen, String sender, Partner recipient, Partner.Subscription subscription,
                           String body, String when) throws JsonProcessingException {
        Delivery delivery = new Delivery(recipient, subscription);
        DeliveryRun run = new DeliveryRun(seen, sender, List.of(delivery));
        decide.decide(delivery, run, when);
        SharingDecision decision = delivery.decision();
        if (decision.verdict() == Verdict.ALLOWED) {
            // Everything the copy holds may still go: the same bytes go, and the first decision still explains them.
            return new Outcome(body, decision, null, null, seen, List.of());
        }
        if (!delivery.isWithheld()) {
            translate.apply(delivery, run);
            validate.apply(delivery, run);
        }
        List<AuditEvent> audit = List.copyOf(run.auditEvents());
        if (delivery.isWithheld()) {
            return new Outcome(null, decision, delivery.withholding(), null, null, audit);
        }
        if (delivery.isRefused()) {
            return new Outcome(null, decision, null, delivery.refusal(), delivery.eventFor(run), audit);
        }
        return new Outcome(json.writeValueAsString(delivery.message()), decision, null, null, delivery.eventFor(run),
                audit);
    }
}
