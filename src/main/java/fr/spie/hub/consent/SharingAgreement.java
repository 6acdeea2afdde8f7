package fr.spie.hub.consent;

import java.util.List;
import java.util.Set;

/**
 * What one recipient may receive, for which purpose, on which legal basis: one file under
 * {@code config/sharing-agreements/}. Without an agreement, nothing is shared; with one, only its categories are, and
 * the sensitive ones (GDPR art. 9) only with the person's explicit consent.
 *
 * @param id          stable name, quoted in every decision that rests on this agreement
 * @param recipient   partner id that receives
 * @param eventTypes  canonical event types covered ({@code fr.spie.diagnostic}...)
 * @param purpose     the processing purpose ({@code rsa-follow-up}...); an event of another purpose is not covered
 * @param legalBasis  public task (with its legal reference) or consent
 * @param categories  data categories this recipient may receive under the agreement
 * @param source      the file it was read from, for messages
 */
public record SharingAgreement(String id, String recipient, List<String> eventTypes, String purpose,
                               LegalBasis legalBasis, Set<String> categories, String source) {

    /** GDPR art. 9 categories: they always need the person's explicit consent, whatever the agreement's basis. */
    public static final Set<String> SENSITIVE = Set.of("health", "family", "justice");

    /** GDPR art. 6 basis of the agreement, with the text that grounds it (e.g. CASF R.263-4-1). */
    public record LegalBasis(Type type, String reference) {

        public enum Type {
            /** GDPR art. 6-1-e: a mission of public interest laid down by law; the reference names the law. */
            PUBLIC_TASK,
            /** GDPR art. 6-1-a: only what the person consented to, for as long as the consent holds. */
            CONSENT;

            public String label() {
                return name().toLowerCase().replace('_', '-');
            }
        }
    }

    public boolean covers(String eventType, String eventPurpose) {
        return eventTypes.contains(eventType) && purpose.equals(eventPurpose);
    }
}
