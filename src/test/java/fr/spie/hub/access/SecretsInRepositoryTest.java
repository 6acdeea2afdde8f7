package fr.spie.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.partner.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets come from the environment or a profile; the only ones in the repository are the demo ones, each marked DEMO;
 * keys are stored and compared as hashes, every stored hash compared (no early exit, so timing tells nothing).
 */
class SecretsInRepositoryTest {

    /** A settings line holding a secret: its key ends in key, password or secret (not a pattern of key names). */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "^\\s*([a-z-]*(?:key|password|secret)):\\s*(.*)$");
    private static final Pattern FROM_ENVIRONMENT_ONLY = Pattern.compile("\\$\\{[A-Z_0-9]+:}|\"\"|''|");

    @Test
    void productionSettingsHoldNoSecretOnlyEnvironmentVariablesWithoutDefault() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String file : List.of("application.yaml", "application-postgres.yaml", "application-cluster.yaml")) {
            List<String> lines = Files.readAllLines(Path.of("src/main/resources", file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = SECRET_SETTING.matcher(lines.get(i));
                if (m.matches() && !FROM_ENVIRONMENT_ONLY.matcher(m.group(2).trim()).matches()) {
                    problems.add(file + ":" + (i + 1) + " " + m.group(1) + " has a value in the repository");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySecretOfTheDemoProfileAndEveryPartnerKeyIsMarkedDemo() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(Path.of("src/main/resources/application-demo.yaml")));
        try (Stream<Path> partners = Files.list(Path.of("config/partners"))) {
            partners.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        int secrets = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean secret = SECRET_SETTING.matcher(line).matches() && !line.trim().endsWith(":")
                        || line.trim().matches("(auditor|admin|agent)-key-sha256:|apiKeySha256:");
                if (!secret) {
                    continue;
                }
                secrets++;
                String above = String.join("\n", lines.subList(Math.max(0, i - 3), i));
                if (!above.contains("DEMO")) {
                    problems.add(file + ":" + (i + 1) + " is a secret not marked DEMO");
                }
            }
        }
        assertThat(secrets).as("the demo secrets were found").isGreaterThanOrEqualTo(8);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyStoredHashIsComparedEvenAfterAMatch() {
        String key = "partner-key-" + "for-this-test";
        AtomicInteger compared = new AtomicInteger();
        List<String> hashes = List.of(ApiKeys.sha256(key), ApiKeys.sha256("other"), ApiKeys.sha256("third"));
        Iterable<String> counting = () -> new Iterator<>() {
            private final Iterator<String> inner = hashes.iterator();

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public String next() {
                compared.incrementAndGet();
                return inner.next();
            }
        };
        assertThat(ApiKeys.matchesAny(counting, key)).isTrue();
        assertThat(compared).as("no early exit on the first hash that matches").hasValue(3);
        assertThat(ApiKeys.matchesAny(hashes, ApiKeys.sha256(key))).as("the stored hash is no key").isFalse();
    }
}
