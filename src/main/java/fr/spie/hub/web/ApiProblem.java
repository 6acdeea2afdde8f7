package fr.spie.hub.web;

import fr.spie.hub.validation.OperationOutcome;
import org.springframework.http.HttpStatus;

/** A refusal of the REST API: its HTTP status and the OperationOutcome that says why. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final transient OperationOutcome outcome;

    public ApiProblem(HttpStatus status, OperationOutcome.IssueType code, String diagnostics) {
        super(diagnostics, null, false, false);
        this.status = status;
        this.outcome = OperationOutcome.error(code, null, diagnostics);
    }

    /** A refusal with several issues (every problem of a request body at once). */
    public ApiProblem(HttpStatus status, OperationOutcome outcome) {
        super(outcome.issue().isEmpty() ? status.toString() : outcome.issue().get(0).diagnostics(), null, false, false);
        this.status = status;
        this.outcome = outcome;
    }

    public HttpStatus status() {
        return status;
    }

    public OperationOutcome outcome() {
        return outcome;
    }
}
