package fr.spie.hub.exchange;

import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.validation.OperationOutcome;

/** A message the hub refuses, with the outcome telling its sender where and why. Not an error of the hub. */
public class ExchangeRejectedException extends RuntimeException {

    private final transient OperationOutcome outcome;
    private final Step step;

    public ExchangeRejectedException(OperationOutcome outcome, Step step) {
        super("rejected at " + step + " with " + outcome.issue().size() + " issue(s)", null, false, false);
        this.outcome = outcome;
        this.step = step;
    }

    public OperationOutcome outcome() {
        return outcome;
    }

    public Step step() {
        return step;
    }
}
