package fr.spie.hub.audit;

import java.time.Instant;
import java.util.List;

/**
 * The consent records of one person, for the access report (GDPR art. 15 asks what was shared and on which basis,
 * and a consent is a basis). The consent registry provides it: a port, so that the audit journal does not depend on
 * the consent capability (which itself writes to the journal).
 */
@FunctionalInterface
public interface ConsentsOfPerson {

    /** Every consent record of {@code subject} (the pseudonym), withdrawn and expired ones included, oldest first. */
    List<ConsentOnRecord> consentsOf(String subject);

    /**
     * One consent as the access report shows it (Kantara Consent Receipt / ISO/IEC TS 27560 fields, docs/consent.md).
     *
     * @param status            active, expired, withdrawn or pending, when the report is made
     * @param evidenceReference where the proof is kept (form number...), never the proof itself
     */
    record ConsentOnRecord(String id, String recipient, List<String> purposes, List<String> categories,
                           String consentType, String status, Instant givenAt, Instant expiresAt,
                           Instant withdrawnAt, String collectionMethod, String evidenceReference,
                           String collectedBy, String recordedBy, Instant recordedAt) {
    }
}
