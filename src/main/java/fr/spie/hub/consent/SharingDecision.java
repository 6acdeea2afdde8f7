package fr.spie.hub.consent;

import java.util.List;
import java.util.Set;

/**
 * Why one recipient gets what it gets of one event: written to the audit journal (step SHARING_DECIDED) as it is, and
 * answered by {@code GET /api/v1/consents/decisions}. It names rules and records, never personal data.
 *
 * @param verdict    allowed as is, allowed with categories removed, or refused
 * @param agreement  the sharing agreement it rests on (null when none covers the delivery)
 * @param legalBasis the agreement's basis and legal reference
 * @param consents   the consent records that allowed categories
 * @param shared     the categories the recipient receives
 * @param removed    the categories present in the event that the recipient does not receive
 * @param reason     in words, why
 */
public record SharingDecision(Verdict verdict, String recipient, String eventType, String purpose, String agreement,
                              String legalBasis, List<String> consents, Set<String> shared, Set<String> removed,
                              String reason) {

    public enum Verdict {
        /** Every category present may go to the recipient. */
        ALLOWED,
        /** Some categories are removed before translation; the rest goes. */
        MINIMISED,
        /** Nothing goes: no agreement, or nothing left that a basis covers. */
        REFUSED
    }

    /** The same decision, explained otherwise (e.g. saying when it was taken again). */
    public SharingDecision withReason(String explained) {
        return new SharingDecision(verdict, recipient, eventType, purpose, agreement, legalBasis, consents, shared,
                removed, explained);
    }

    public boolean isRefused() {
        return verdict == Verdict.REFUSED;
    }
}
