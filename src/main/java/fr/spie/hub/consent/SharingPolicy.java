package fr.spie.hub.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.spie.hub.consent.SharingAgreement.LegalBasis;
import fr.spie.hub.consent.SharingDecision.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules, decided at delivery time for each recipient (so that a withdrawal or an expiry applies at once to what
 * is still queued):
 * <ol>
 *   <li>no agreement covering recipient, event type and purpose: refused;</li>
 *   <li>a category the agreement does not list: removed;</li>
 *   <li>on a public-task agreement, the other non-sensitive categories go;</li>
 *   <li>a sensitive category (health, family, justice: GDPR art. 9) goes only with an explicit consent of the person,
 *       holding now, for this recipient (or all SPIE partners), this purpose and this category;</li>
 *   <li>on a consent agreement, every category needs such a consent (explicit or not, explicit for sensitive ones);</li>
 *   <li>nothing left to share: refused; something removed: minimised; else allowed.</li>
 * </ol>
 * Agreements are indexed in memory; consents come from a {@link ConsentLookup} that caches them per person. The
 * decisions themselves are cached too, each until the consents change (the lookup's generation moves on) or until the
 * next instant one of the person's consents starts, expires or is withdrawn, whichever comes first: per person when the
 * rules read the person's consents, once for everyone when they do not (no agreement, or a public task without a
 * sensitive category).
 */
public final class SharingPolicy {

    private static final Logger log = LoggerFactory.getLogger(SharingPolicy.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private volatile List<SharingAgreement> agreements;
    private volatile Map<String, SharingAgreement> byRecipientTypeAndPurpose;
    private Path watchedFolder;
    private Function<Path, List<SharingAgreement>> loader;
    private String watchedSignature;
    private String refusedSignature;
    private volatile long nextCheck;
    private final ConsentLookup consents;
    /**
     * A cache, not a store: bounded so that a national flux of a million people keeps the heap flat (the least used
     * entries go first). Decisions that read no consent do not depend on the person and share one entry.
     */
    private final Cache<DecisionKey, CachedDecision> decisions = Caffeine.newBuilder()
            .maximumSize(MAX_CACHED_DECISIONS).build();

    static final int MAX_CACHED_DECISIONS = 20_000;

    private record DecisionKey(String subject, String recipient, String eventType, String purpose,
                               Set<String> present) {
    }

    private record CachedDecision(long generation, Instant validUntil, SharingDecision decision) {
    }

    public SharingPolicy(Collection<SharingAgreement> agreements, ConsentLookup consents) {
        this.consents = consents;
        replaceAgreements(agreements);
    }

    private void replaceAgreements(Collection<SharingAgreement> replacement) {
        Map<String, SharingAgreement> index = new HashMap<>();
        for (SharingAgreement agreement : replacement) {
            for (String type : agreement.eventTypes()) {
                index.put(key(agreement.recipient(), type, agreement.purpose()), agreement);
            }
        }
        this.byRecipientTypeAndPurpose = Map.copyOf(index);
        this.agreements = List.copyOf(replacement);
        decisions.invalidateAll();
    }

    /**
     * Reads the agreement files again when they change (checked at most once a second, on decisions): an integrator
     * adds a partner and its agreement with files only, as the hot reload of the partner files allows. A set that does
     * not load is refused with its problems in the log, and the running agreements stay.
     */
    public synchronized SharingPolicy watching(Path folder, Function<Path, List<SharingAgreement>> load) {
        this.watchedFolder = folder;
        this.loader = load;
        this.watchedSignature = signature(folder);
        return this;
    }

    private void refreshIfChanged() {
        if (watchedFolder == null || System.nanoTime() < nextCheck) {
            return;
        }
        synchronized (this) {
            if (System.nanoTime() < nextCheck) {
                return;
            }
            nextCheck = System.nanoTime() + CHECK_EVERY_NANOS;
            String signature = signature(watchedFolder);
            if (signature.equals(watchedSignature)) {
                return;
            }
            try {
                replaceAgreements(loader.apply(watchedFolder));
                watchedSignature = signature;
                log.info("Sharing agreements reloaded from {}: {} agreement(s)", watchedFolder, agreements.size());
            } catch (RuntimeException e) {
                // Tried again each second (a partner file may come just after its agreement); logged once per change.
                if (!signature.equals(refusedSignature)) {
                    refusedSignature = signature;
                    log.warn("Sharing agreements not reloaded, the running ones stay: {}", e.getMessage());
                }
            }
        }
    }

    private static String signature(Path folder) {
        StringBuilder signature = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                signature.append(file.getFileName()).append(':').append(Files.getLastModifiedTime(file).toMillis())
                        .append(':').append(Files.size(file)).append(';');
            }
        } catch (IOException e) {
            signature.append("unreadable");
        }
        return signature.toString();
    }

    private static String key(String recipient, String eventType, String purpose) {
        return recipient + '\u0000' + eventType + '\u0000' + purpose;
    }

    /** Every agreement, in file order: what {@code GET /api/v1/sharing-agreements} lists. */
    public List<SharingAgreement> agreements() {
        return agreements;
    }

    public SharingAgreement agreementFor(String recipient, String eventType, String purpose) {
        return byRecipientTypeAndPurpose.get(key(recipient, eventType, purpose));
    }

    /** The decision for one recipient of one event about {@code subject}, carrying {@code present} categories. */
    public SharingDecision decide(String subject, String recipient, String eventType, String purpose,
                                  Set<String> present, Instant now) {
        refreshIfChanged();
        // The generation is read before the consents: a change committed meanwhile makes this entry stale at once.
        long generation = consents.generation();
        SharingAgreement agreement = agreementFor(recipient, eventType, purpose);
        boolean readsConsents = agreement != null && subject != null && needsConsent(agreement, present);
        // A decision that reads no consent is the same for every person (e.g. a CAF flux under a public task): cached
        // once for all of them, not once per person, who mostly come once each.
        DecisionKey key = new DecisionKey(readsConsents ? subject : null, recipient, eventType, purpose, present);
        CachedDecision cached = decisions.getIfPresent(key);
        if (cached != null && cached.generation() == generation && now.isBefore(cached.validUntil())) {
            return cached.decision();
        }
        List<ConsentRecord> recorded = readsConsents ? consents.consentsOf(subject) : List.of();
        SharingDecision decision = decide(agreement, recorded, recipient, eventType, purpose, present, now);
        decisions.put(key, new CachedDecision(generation, nextChange(recorded, now), decision));
        return decision;
    }

    /** Entries in the decision cache now (after pending evictions): bounded by {@link #MAX_CACHED_DECISIONS}. */
    long cachedDecisions() {
        decisions.cleanUp();
        return decisions.estimatedSize();
    }

    /**
     * Whether some category of the event can only go with a consent: on a public-task agreement, only the sensitive
     * ones it lists. When none, the person's consents are not even read (a CAF flux asks nothing of the registry).
     */
    private static boolean needsConsent(SharingAgreement agreement, Set<String> present) {
        if (agreement.legalBasis().type() != LegalBasis.Type.PUBLIC_TASK) {
            return true;
        }
        for (String category : present) {
            if (SharingAgreement.SENSITIVE.contains(category) && agreement.categories().contains(category)) {
                return true;
            }
        }
        return false;
    }

    /** The next instant after {@code now} at which one of these consents starts, expires or is withdrawn. */
    private static Instant nextChange(List<ConsentRecord> recorded, Instant now) {
        Instant next = Instant.MAX;
        for (ConsentRecord consent : recorded) {
            for (Instant at : new Instant[] {consent.givenAt(), consent.expiresAt(), consent.withdrawnAt()}) {
                if (at != null && at.isAfter(now) && at.isBefore(next)) {
                    next = at;
                }
            }
        }
        return next;
    }

    /** The rules themselves, on a given agreement and consents: what the decision table test exercises. */
    public static SharingDecision decide(SharingAgreement agreement, List<ConsentRecord> recorded, String recipient,
                                         String eventType, String purpose, Set<String> present, Instant now) {
        Set<String> presentSorted = new TreeSet<>(present);
        if (agreement == null) {
            return new SharingDecision(Verdict.REFUSED, recipient, eventType, purpose, null, null, List.of(),
                    Set.of(), presentSorted, "no sharing agreement lets " + recipient + " receive " + eventType
                    + " for purpose " + purpose);
        }
        String basis = agreement.legalBasis().type().label()
                + (agreement.legalBasis().reference() == null ? "" : " (" + agreement.legalBasis().reference() + ")");
        boolean publicTask = agreement.legalBasis().type() == LegalBasis.Type.PUBLIC_TASK;

        // The consents of this person that concern this recipient and purpose; those that do not hold say why.
        List<ConsentRecord> holding = new ArrayList<>();
        List<String> notHolding = new ArrayList<>();
        for (ConsentRecord consent : recorded) {
            if (consent.isFor(recipient) && consent.purposes().contains(purpose)) {
                String why = consent.notHoldingAt(now);
                if (why == null) {
                    holding.add(consent);
                } else {
                    notHolding.add("consent " + consent.id() + " " + why);
                }
            }
        }

        Set<String> shared = new TreeSet<>();
        Map<String, String> removed = new TreeMap<>();
        Set<String> used = new LinkedHashSet<>();
        for (String category : presentSorted) {
            boolean sensitive = SharingAgreement.SENSITIVE.contains(category);
            if (!agreement.categories().contains(category)) {
                removed.put(category, "not in agreement " + agreement.id());
            } else if (publicTask && !sensitive) {
                shared.add(category);
            } else {
                ConsentRecord covering = null;
                for (ConsentRecord consent : holding) {
                    if (consent.categories().contains(category) && (!sensitive || consent.isExplicit())) {
                        covering = consent;
                        break;
                    }
                }
                if (covering != null) {
                    shared.add(category);
                    used.add(covering.id());
                } else {
                    removed.put(category, sensitive ? "sensitive (GDPR art. 9), no explicit consent holds"
                            : "no consent holds");
                }
            }
        }
        boolean consentNeededAndAbsent = !publicTask && presentSorted.isEmpty() && holding.isEmpty();
        Verdict verdict = shared.isEmpty() && (!presentSorted.isEmpty() || consentNeededAndAbsent) ? Verdict.REFUSED
                : removed.isEmpty() ? Verdict.ALLOWED : Verdict.MINIMISED;
        if (verdict != Verdict.REFUSED && presentSorted.isEmpty() && !publicTask) {
            used.add(holding.get(0).id());
        }
        StringBuilder reason = new StringBuilder();
        switch (verdict) {
            case ALLOWED -> reason.append("allowed by agreement ").append(agreement.id()).append(" on ").append(basis);
            case MINIMISED -> reason.append("allowed by agreement ").append(agreement.id()).append(" on ")
                    .append(basis).append(", categories removed");
            case REFUSED -> reason.append("nothing may go under agreement ").append(agreement.id()).append(" on ")
                    .append(basis);
        }
        if (!used.isEmpty()) {
            reason.append("; consent ").append(String.join(", ", used));
        }
        removed.forEach((category, why) -> reason.append("; ").append(category).append(": ").append(why));
        if (!removed.isEmpty() && !notHolding.isEmpty()) {
            reason.append(" (").append(String.join(", ", notHolding)).append(')');
        }
        return new SharingDecision(verdict, recipient, eventType, purpose, agreement.id(), basis, List.copyOf(used),
                shared, new TreeSet<>(removed.keySet()), reason.toString());
    }
}
