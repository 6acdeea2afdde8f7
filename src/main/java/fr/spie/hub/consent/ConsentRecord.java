package fr.spie.hub.consent;

import java.time.Instant;
import java.util.Set;

/**
 * One consent of one person, as recorded by an agent: modelled on the Kantara Consent Receipt v1.1 and ISO/IEC TS
 * 27560 (see docs/consent.md for the field correspondence). The person is known by pseudonym only.
 *
 * @param id                the hub's id of the record (Kantara consentReceiptID)
 * @param subject           the person's pseudonym (piiPrincipalId, pseudonymised)
 * @param recipient         partner id, or {@value #ALL_PARTNERS} for every SPIE partner (thirdPartyName)
 * @param purposes          purposes consented to (purposes[].purpose)
 * @param categories        data categories covered (piiCategory)
 * @param consentType       {@code explicit} (art. 9-2-a, required for sensitive categories) or {@code implicit}
 * @param givenAt           when it was given
 * @param expiresAt         when it ends by itself (termination), or null
 * @param withdrawnAt       when the person withdrew it, or null
 * @param collectionMethod  {@code paper}, {@code in-person} or {@code online}
 * @param evidenceReference where the proof is kept (signed form number, online session...), never the proof itself
 * @param collectedBy       the partner whose agent collected it
 * @param recordedBy        the credential that recorded it in the hub
 * @param recordedAt        when it was recorded
 */
public record ConsentRecord(String id, String subject, String recipient, Set<String> purposes, Set<String> categories,
                            String consentType, Instant givenAt, Instant expiresAt, Instant withdrawnAt,
                            String collectionMethod, String evidenceReference, String collectedBy, String recordedBy,
                            Instant recordedAt) {

    public static final String ALL_PARTNERS = "all-spie-partners";
    public static final Set<String> COLLECTION_METHODS = Set.of("paper", "in-person", "online");
    public static final Set<String> CONSENT_TYPES = Set.of("explicit", "implicit");

    public boolean isExplicit() {
        return "explicit".equals(consentType);
    }

    public boolean isFor(String partner) {
        return ALL_PARTNERS.equals(recipient) || recipient.equals(partner);
    }

    /** Why this consent does not hold at {@code at}, or null when it does. */
    public String notHoldingAt(Instant at) {
        if (withdrawnAt != null && !withdrawnAt.isAfter(at)) {
            return "withdrawn at " + withdrawnAt;
        }
        if (expiresAt != null && !expiresAt.isAfter(at)) {
            return "expired at " + expiresAt;
        }
        if (givenAt.isAfter(at)) {
            return "not given before " + givenAt;
        }
        return null;
    }

    /** {@code active}, {@code withdrawn}, {@code expired} or {@code pending}, at {@code at}. */
    public String statusAt(Instant at) {
        if (withdrawnAt != null && !withdrawnAt.isAfter(at)) {
            return "withdrawn";
        }
        if (expiresAt != null && !expiresAt.isAfter(at)) {
            return "expired";
        }
        return givenAt.isAfter(at) ? "pending" : "active";
    }

    public ConsentRecord withdrawn(Instant at) {
        return new ConsentRecord(id, subject, recipient, purposes, categories, consentType, givenAt, expiresAt, at,
                collectionMethod, evidenceReference, collectedBy, recordedBy, recordedAt);
    }
}
