package fr.spie.hub.validation;

/**
 * The document cannot be read any further (not well-formed, a DTD, wrong encoding, wrong root element): its outcome
 * says where and why. Records returned before it was thrown stay valid.
 */
public class UnreadableDocumentException extends RuntimeException {

    private final transient OperationOutcome outcome;

    public UnreadableDocumentException(OperationOutcome outcome) {
        super(outcome.issue().isEmpty() ? "unreadable document" : outcome.issue().get(0).diagnostics());
        this.outcome = outcome;
    }

    public OperationOutcome outcome() {
        return outcome;
    }
}
