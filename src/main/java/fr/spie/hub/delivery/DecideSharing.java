package fr.spie.hub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.canonical.DataCategories;
import fr.spie.hub.consent.DataMinimisation;
import fr.spie.hub.consent.SharingDecision;
import fr.spie.hub.consent.SharingPolicy;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Step 7b, for each recipient between routing and translation: consent, legal basis and minimisation decide what it
 * may receive (allowed as is, allowed with categories removed, refused), now rather than at receipt, so that a consent
 * withdrawn or expired while the event waited in its queue is honoured. Every decision is an audit event
 * (SHARING_DECIDED) whose detail is the decision itself, as {@code GET /api/v1/consents/decisions} answers it.
 */
@Component("decideSharing")
public class DecideSharing {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Decisions are mostly the same few values (the policy caches them per person and recipient, and most people get
     * the same verdict): their JSON is written once per distinct decision rather than once per copy. A cache, bounded.
     */
    private static final ConcurrentHashMap<SharingDecision, String> DESCRIBED = new ConcurrentHashMap<>();
    private static final int MAX_DESCRIBED = 10_000;

    private final SharingPolicy policy;
    private final CanonicalSchemas schemas;

    public DecideSharing(SharingPolicy policy, CanonicalSchemas schemas) {
        this.policy = policy;
        this.schemas = schemas;
    }

    public Delivery apply(Delivery delivery, @ExchangeProperty(DeliveryRoute.RUN) DeliveryRun run) {
        return decide(delivery, run, null);
    }

    /**
     * Decides for {@code delivery}; {@code when}, if not null, says in the decision's reason when it was taken
     * (a copy decided again before an attempt on a remote channel, {@link SharingRecheck}).
     */
    Delivery decide(Delivery delivery, DeliveryRun run, String when) {
        CanonicalEvent event = run.event();
        String recipient = delivery.recipient().id();
        DataCategories categories = schemas.categoriesOf(event.type());
        Set<String> present = event.data() == null ? Set.of()
                : run.categoriesPresent(() -> categories.presentIn(event.data()));
        SharingDecision decision = policy.decide(event.subject(), recipient, event.type(), event.purpose(), present,
                Instant.now());
        if (when != null) {
            decision = decision.withReason(when + ": " + decision.reason());
        }
        CanonicalEvent minimised = null;
        if (decision.verdict() == SharingDecision.Verdict.MINIMISED) {
            ObjectNode kept = DataMinimisation.keepOnly(event.data(), categories, decision.shared());
            // What is left present is what was present and shared (minimisation keeps every value of a shared
            // category): no second walk of the tree.
            Set<String> left = new TreeSet<>(present);
            left.retainAll(decision.shared());
            minimised = event.withData(kept, List.copyOf(left));
        }
        delivery.decided(decision, minimised);
        if (decision.isRefused()) {
            delivery.withhold(OperationOutcome.error(IssueType.FORBIDDEN, null, decision.reason()));
        }
        run.audit(Step.SHARING_DECIDED, decision.isRefused() ? Outcome.REJECTED : Outcome.OK, recipient,
                delivery.subscription().messageType(), describe(decision));
        return delivery;
    }

    /** The decision as the audit journal keeps it: JSON naming rules, records and categories, no personal data. */
    static String describe(SharingDecision decision) {
        String known = DESCRIBED.get(decision);
        if (known != null) {
            return known;
        }
        try {
            String described = JSON.writeValueAsString(decision);
            if (DESCRIBED.size() >= MAX_DESCRIBED) {
                DESCRIBED.clear();
            }
            DESCRIBED.put(decision, described);
            return described;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a sharing decision", e);
        }
    }
}
