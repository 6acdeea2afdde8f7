package fr.spie.hub.audit;

import java.time.Instant;

/**
 * One step of one exchange, as the journal keeps it: who, about whom (a pseudonym), what happened, and a hash of the
 * payload rather than the payload. {@code detail} holds an outcome or a reason, never personal data.
 */
public record AuditEvent(Instant recordedAt, String exchangeId, String correlationId, Step step, Outcome outcome,
                         String sender, String recipient, String messageType, String subject, String purpose,
                         String payloadSha256, String detail) {

    /** The steps of the pipeline, in order; names are stable because auditors query them. */
    public enum Step {
        RECEIVED, VALIDATED, TRANSLATED, CANONICAL_VALIDATED, SUBJECT_RESOLVED, ACCEPTED, REJECTED,
        ROUTED, RECIPIENT_TRANSLATED, RECIPIENT_VALIDATED, DELIVERED, DELIVERY_FAILED
    }

    /** What the step concluded. */
    public enum Outcome {
        OK, WARNING, REJECTED, FAILED
    }
}
