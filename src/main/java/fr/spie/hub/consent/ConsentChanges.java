package fr.spie.hub.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.exchange.AcceptedExchangeStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Records and withdraws consents, and makes each change an event: the audit step CONSENT_CHANGED, and a canonical
 * {@code fr.spie.consent-change} stored like any accepted exchange, so that partners subscribed to it receive it (and
 * its own delivery is decided by the sharing agreements like any other).
 */
public class ConsentChanges {

    /** The CloudEvents source of the hub's own consent events; the route reads its last segment as the sender. */
    public static final String SOURCE = "/spie-hub/consent-registry";
    public static final String EVENT_TYPE = "fr.spie.consent-change";

    private final ConsentRegistry registry;
    private final AcceptedExchangeStore store;
    private final AuditJournal journal;
    private final ObjectMapper json;

    public ConsentChanges(ConsentRegistry registry, AcceptedExchangeStore store, AuditJournal journal,
                          ObjectMapper json) {
        this.registry = registry;
        this.store = store;
        this.journal = journal;
        this.json = json;
    }

    /** Records the consent, then announces it; answers the id of the consent-change exchange. */
    public String record(ConsentRecord consent) {
        registry.record(consent);
        return announce(consent, "given", consent.recordedBy());
    }

    /** Withdraws it now (at once for everything not delivered yet); empty when it was already withdrawn. */
    public Optional<ConsentRecord> withdraw(String id, String by) {
        Instant now = Instant.now();
        if (!registry.withdraw(id, now, by)) {
            return Optional.empty();
        }
        ConsentRecord withdrawn = registry.find(id).orElseThrow();
        announce(withdrawn, "withdrawn", by);
        return Optional.of(withdrawn);
    }

    private String announce(ConsentRecord consent, String status, String by) {
        String exchangeId = UUID.randomUUID().toString();
        ObjectNode data = json.createObjectNode();
        data.put("consentId", consent.id());
        data.put("status", status);
        consent.purposes().stream().sorted().forEach(data.putArray("purposes")::add);
        consent.categories().stream().sorted().forEach(data.putArray("categories")::add);
        data.putArray("recipients").add(consent.recipient());
        data.put("legalBasis", consent.isExplicit() ? "GDPR art. 6-1-a and 9-2-a (explicit consent)"
                : "GDPR art. 6-1-a (consent)");
        if (consent.collectedBy() != null) {
            data.put("collectedBy", consent.collectedBy());
        }
        data.put("givenAt", consent.givenAt().toString());
        if (consent.withdrawnAt() != null) {
            data.put("withdrawnAt", consent.withdrawnAt().toString());
        }
        String purpose = new TreeSet<>(consent.purposes()).first();
        CanonicalEvent event = new CanonicalEvent(CanonicalEvent.SPEC_VERSION, exchangeId, SOURCE, EVENT_TYPE,
                Instant.now().toString(), consent.subject(), "application/json",
                CanonicalSchemas.dataschemaOf(EVENT_TYPE), purpose, exchangeId, List.of("identity"), data);
        journal.append(List.of(new AuditEvent(Instant.now(), exchangeId, exchangeId, Step.CONSENT_CHANGED,
                Outcome.OK, by, consent.recipient(), "consent-change", consent.subject(), purpose, null,
                status + " consent " + consent.id() + " purposes " + new TreeSet<>(consent.purposes())
                        + " categories " + new TreeSet<>(consent.categories()))));
        store.storeAgain(event);
        return exchangeId;
    }
}
