package fr.spie.hub.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The one answer of every validation, in the HAPI/FHIR {@code OperationOutcome} shape of the contract: each issue says
 * where ({@code expression}) and why ({@code diagnostics}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationOutcome(String resourceType, List<Issue> issue) {

    public static final String RESOURCE_TYPE = "OperationOutcome";

    public OperationOutcome {
        resourceType = RESOURCE_TYPE;
        issue = List.copyOf(issue == null ? List.of() : issue);
    }

    public OperationOutcome(List<Issue> issue) {
        this(RESOURCE_TYPE, issue);
    }

    /** An outcome without issues: the input is valid. */
    public static OperationOutcome ok() {
        return new OperationOutcome(List.of());
    }

    public static OperationOutcome of(Issue... issues) {
        return new OperationOutcome(List.of(issues));
    }

    public static OperationOutcome error(IssueType code, String expression, String diagnostics) {
        return of(Issue.error(code, expression, diagnostics));
    }

    /** True when an issue is an error or fatal: the input must not go further. */
    @JsonIgnore
    public boolean hasErrors() {
        return issue.stream().anyMatch(i -> i.severity() == Severity.ERROR || i.severity() == Severity.FATAL);
    }

    @JsonIgnore
    public List<Issue> warnings() {
        return issue.stream().filter(i -> i.severity() == Severity.WARNING).toList();
    }

    public OperationOutcome and(OperationOutcome other) {
        if (other.issue.isEmpty()) {
            return this;
        }
        List<Issue> all = new ArrayList<>(issue);
        all.addAll(other.issue);
        return new OperationOutcome(all);
    }

    public OperationOutcome and(Issue other) {
        return and(of(other));
    }

    /** The same issues with each expression rewritten, e.g. prefixed with the record's place in its file. */
    public OperationOutcome mapExpressions(UnaryOperator<String> rewrite) {
        return new OperationOutcome(issue.stream()
                .map(i -> new Issue(i.severity(), i.code(), i.expression().stream().map(rewrite).toList(), i.diagnostics()))
                .toList());
    }

    /** One issue: severity, FHIR issue type, where, why. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Issue(Severity severity, IssueType code, List<String> expression, String diagnostics) {

        public Issue {
            expression = List.copyOf(expression == null ? List.of() : expression);
        }

        public static Issue error(IssueType code, String expression, String diagnostics) {
            return new Issue(Severity.ERROR, code, expression == null ? List.of() : List.of(expression), diagnostics);
        }

        public static Issue warning(IssueType code, String expression, String diagnostics) {
            return new Issue(Severity.WARNING, code, expression == null ? List.of() : List.of(expression), diagnostics);
        }

        public static Issue fatal(IssueType code, String expression, String diagnostics) {
            return new Issue(Severity.FATAL, code, expression == null ? List.of() : List.of(expression), diagnostics);
        }
    }

    /** FHIR IssueSeverity, written in lower case. */
    public enum Severity {
        FATAL, ERROR, WARNING, INFORMATION;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The FHIR IssueType codes the hub uses, written as FHIR spells them. */
    public enum IssueType {
        INVALID("invalid"), STRUCTURE("structure"), REQUIRED("required"), VALUE("value"), INVARIANT("invariant"),
        SECURITY("security"), LOGIN("login"), FORBIDDEN("forbidden"), NOT_SUPPORTED("not-supported"),
        NOT_FOUND("not-found"), TOO_LONG("too-long"), BUSINESS_RULE("business-rule"), CODE_INVALID("code-invalid"), DUPLICATE("duplicate"), CONFLICT("conflict"),
        PROCESSING("processing"), TRANSIENT("transient"), EXCEPTION("exception"), INFORMATIONAL("informational");

        private final String code;

        IssueType(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }
    }
}
