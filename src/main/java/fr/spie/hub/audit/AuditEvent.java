package fr.spie.hub.audit;

import java.time.Instant;
import java.util.List;

/**
 * One step of one exchange, as the journal keeps it: who, about whom (a pseudonym), what happened, and a hash of the
 * payload rather than the payload. {@code detail} holds an outcome or a reason, never personal data.
 * {@code persons} are the pseudonyms of every person the exchange is about (a household names several; the subject
 * is its applicant), so that a person's access report finds the exchanges where they are not the subject.
 * {@code dataCategories} are the data categories the step concerns (those accepted, or those delivered).
 */
public record AuditEvent(Instant recordedAt, String exchangeId, String correlationId, Step step, Outcome outcome,
                         String sender, String recipient, String messageType, String subject, String purpose,
                         String payloadSha256, String detail, List<String> persons, List<String> dataCategories) {

    public AuditEvent {
        persons = persons == null ? List.of() : List.copyOf(persons);
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
    }

    /** An event naming no persons beyond its subject and no data categories (most steps). */
    public AuditEvent(Instant recordedAt, String exchangeId, String correlationId, Step step, Outcome outcome,
                      String sender, String recipient, String messageType, String subject, String purpose,
                      String payloadSha256, String detail) {
        this(recordedAt, exchangeId, correlationId, step, outcome, sender, recipient, messageType, subject, purpose,
                payloadSha256, detail, List.of(), List.of());
    }

    public AuditEvent withPersons(List<String> pseudonyms) {
        return new AuditEvent(recordedAt, exchangeId, correlationId, step, outcome, sender, recipient, messageType,
                subject, purpose, payloadSha256, detail, pseudonyms, dataCategories);
    }

    public AuditEvent withDataCategories(List<String> categories) {
        return new AuditEvent(recordedAt, exchangeId, correlationId, step, outcome, sender, recipient, messageType,
                subject, purpose, payloadSha256, detail, persons, categories);
    }

    /** The steps of the pipeline, in order; names are stable because auditors query them. */
    public enum Step {
        RECEIVED, VALIDATED, TRANSLATED, CANONICAL_VALIDATED, SUBJECT_RESOLVED, ACCEPTED, REJECTED,
        ROUTED, RECIPIENT_TRANSLATED, RECIPIENT_VALIDATED, DELIVERED, DELIVERY_FAILED,
        // Declared once for the capabilities built on the pipeline, so that their names never clash:
        /** Consent and legal basis decided a delivery (allowed, minimised or refused), naming the rule. */
        SHARING_DECIDED,
        /** A consent was recorded, changed or withdrawn. */
        CONSENT_CHANGED,
        /** A copy was handed to an outbound channel (webhook, SOAP, file drop) for dispatch. */
        DISPATCH_QUEUED,
        /** A delivery attempt failed and is retried later. */
        RETRIED,
        /** A delivery gave up after its retries and went to the dead-letter store. */
        DEAD_LETTERED,
        /** Inbound input was set aside in quarantine with its reason. */
        QUARANTINED,
        /** A submission already accepted (same partner message id or same file) was recognised and not taken again. */
        DUPLICATE,
        /** A dead letter or a quarantined record was run again; the detail names the original exchange. */
        REPLAYED,
        /** A caller was refused (unknown key, message type not declared, another partner's outbox...). */
        ACCESS_DENIED,
        /** Files under routes/, mappings/, schemas/ or config/ were reloaded while the hub ran, or refused. */
        CONFIGURATION_RELOADED, CONFIGURATION_REFUSED,
        /** Encrypted payloads past their retention period were purged; the chain still verifies. */
        PAYLOADS_PURGED
    }

    /** What the step concluded. */
    public enum Outcome {
        OK, WARNING, REJECTED, FAILED
    }
}
