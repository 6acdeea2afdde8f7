package fr.spie.hub.validation;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes instance values out of parser and validator messages: outcomes are logged and returned to partners, and a
 * value may be a NIR or a name. Each value is replaced by its length, e.g. {@code <value of 11 characters>}.
 */
final class ValueRedaction {

    /** Message shapes where the JDK validator and Everit quote the instance value, whatever the value is. */
    private static final List<Pattern> VALUE_SHAPES = List.of(
            Pattern.compile("(?<=Value )'(.*?)'(?= (?:with length|is not facet-valid|has \\d))"),
            Pattern.compile("(?<=ID value |IDREF )'(.*?)'"),
            Pattern.compile("^'(.*?)'(?= is not a valid value)"),
            Pattern.compile("(?<=The value )'(.*?)'(?= of (?:element|attribute))"),
            Pattern.compile("(?<=string )\\[(.*?)\\](?= does not match pattern)"),
            Pattern.compile("^\\[(.*?)\\](?= is not a valid)"));

    private ValueRedaction() {
    }

    /** The message with each known value (quoted or bracketed) and each value in a known shape replaced by its length. */
    static String redact(String message, Collection<String> knownValues) {
        if (message == null) {
            return null;
        }
        String redacted = message;
        for (String value : knownValues.stream().filter(v -> !v.isBlank()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            redacted = replaceQuoted(redacted, value);
        }
        for (Pattern shape : VALUE_SHAPES) {
            redacted = replaceShape(redacted, shape);
        }
        return redacted;
    }

    static String lengthOf(String value) {
        int length = value.codePointCount(0, value.length());
        return "<value of " + length + (length == 1 ? " character>" : " characters>");
    }

    private static String replaceQuoted(String message, String value) {
        String placeholder = lengthOf(value);
        String result = message.replace("'" + value + "'", placeholder)
                .replace("\"" + value + "\"", placeholder)
                .replace("[" + value + "]", placeholder);
        return result.startsWith(value + " ") ? placeholder + result.substring(value.length()) : result;
    }

    private static String replaceShape(String message, Pattern shape) {
        Matcher matcher = shape.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(lengthOf(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
