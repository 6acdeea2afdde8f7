package fr.spie.hub.validation;

import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.OperationOutcome.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Records the XSD validator's complaints as issues instead of stopping at the first one: each issue takes the path of
 * the element being read and its message loses any instance value.
 */
final class XsdIssueRecorder implements ErrorHandler {

    /** Keys the JDK validator reports right after a facet or datatype error on the same element: pure repetition. */
    private static final Set<String> FOLLOW_UPS = Set.of("cvc-type.3.1.3", "cvc-attribute.3", "cvc-elt.5.2.1",
            "cvc-complex-type.2.2");

    private final Supplier<String> currentPath;
    private final Supplier<Collection<String>> currentValues;
    private final List<Issue> issues = new ArrayList<>();

    XsdIssueRecorder(Supplier<String> currentPath, Supplier<Collection<String>> currentValues) {
        this.currentPath = currentPath;
        this.currentValues = currentValues;
    }

    @Override
    public void warning(SAXParseException exception) {
        record(Severity.WARNING, exception);
    }

    @Override
    public void error(SAXParseException exception) {
        record(Severity.ERROR, exception);
    }

    @Override
    public void fatalError(SAXParseException exception) {
        record(Severity.ERROR, exception);
    }

    void clear() {
        issues.clear();
    }

    /** An issue found beside the XSD (e.g. a text in the wrong encoding), at the element being read. */
    void add(Severity severity, IssueType code, String diagnostics) {
        issues.add(new Issue(severity, code, List.of(currentPath.get()), diagnostics));
    }

    OperationOutcome outcome() {
        return new OperationOutcome(issues);
    }

    private void record(Severity severity, SAXParseException exception) {
        String message = exception.getMessage() == null ? "invalid" : exception.getMessage();
        String key = keyOf(message);
        String expression = currentPath.get();
        if (FOLLOW_UPS.contains(key) && !issues.isEmpty()
                && issues.get(issues.size() - 1).expression().equals(List.of(expression))) {
            return;
        }
        issues.add(new Issue(severity, codeOf(key), List.of(expression), readable(message, key)));
    }

    private String readable(String message, String key) {
        String text = key.isEmpty() ? message : message.substring(key.length() + 1).trim();
        String redacted = ValueRedaction.redact(text, currentValues.get());
        return key.isEmpty() ? redacted : redacted + " (" + key + ")";
    }

    static String keyOf(String message) {
        int colon = message.indexOf(':');
        return message.startsWith("cvc-") && colon > 0 ? message.substring(0, colon) : "";
    }

    static IssueType codeOf(String key) {
        if (key.startsWith("cvc-complex-type.4")) {
            return IssueType.REQUIRED; // a required attribute is missing
        }
        if (key.startsWith("cvc-complex-type") || key.startsWith("cvc-elt.1") || key.startsWith("cvc-elt.3")) {
            return IssueType.STRUCTURE;
        }
        if (key.equals("cvc-maxLength-valid")) {
            return IssueType.TOO_LONG;
        }
        if (key.startsWith("cvc-datatype-valid") || key.endsWith("-valid") || key.startsWith("cvc-type")
                || key.startsWith("cvc-attribute") || key.startsWith("cvc-elt.5")) {
            return IssueType.VALUE;
        }
        return IssueType.INVALID;
    }
}
