package fr.spie.hub.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the diagnostics the hub writes (in English) with a table of rules read from a resource
 * ({@code i18n/diagnostics.fr.tsv}: regular expression, tab, replacement). Only the diagnostics change: severity,
 * code and expression are the same in every language, so that a partner's program never depends on the language.
 */
public final class DiagnosticsTranslation {

    private record Rule(Pattern english, String translated) {
    }

    private final List<Rule> rules;

    private DiagnosticsTranslation(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The French table shipped with the hub. */
    public static DiagnosticsTranslation french() {
        return fromResource("i18n/diagnostics.fr.tsv");
    }

    static DiagnosticsTranslation fromResource(String resource) {
        InputStream in = DiagnosticsTranslation.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        List<Rule> rules = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalStateException(resource + " line " + number + ": no tab between rule and text");
                }
                rules.add(new Rule(Pattern.compile(line.substring(0, tab)), line.substring(tab + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DiagnosticsTranslation(rules);
    }

    /**
     * One text: the first rule whose expression matches all of it, or the text unchanged. A key in parentheses at the
     * end (XSD: {@code (cvc-pattern-valid)}) is kept as it is.
     */
    public String translate(String english) {
        if (english == null) {
            return null;
        }
        for (Rule rule : rules) {
            Matcher matcher = rule.english().matcher(english);
            if (matcher.matches()) {
                return matcher.replaceFirst(Matcher.quoteReplacement(rule.translated()).replace("\\$", "$"));
            }
        }
        return english;
    }

    public OperationOutcome translate(OperationOutcome outcome) {
        return new OperationOutcome(outcome.issue().stream()
                .map(i -> new OperationOutcome.Issue(i.severity(), i.code(), i.expression(), translate(i.diagnostics())))
                .toList());
    }
}
