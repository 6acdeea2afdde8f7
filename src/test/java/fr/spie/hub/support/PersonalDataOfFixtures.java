package fr.spie.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every value that must never be written to a log, read from the files the tests send: the NIRs (13-digit form, which
 * the 15-digit form contains), birth names, usage names and first names of the partners' specimens
 * ({@code ../shared/fixtures/external}), of the mapping examples ({@code mappings/**}{@code /examples}) and of the test
 * resources; and the keys and secrets of the demo configuration (partner API keys, auditor, admin and agent keys,
 * pseudonym, vault and signing keys).
 */
public final class PersonalDataOfFixtures {

    /** What kind of value a log line held, and the value masked (first and last characters only). */
    public record Found(String kind, String masked) {
    }

    private static final Path EXTERNAL = Path.of("../shared/fixtures/external");
    private static final Set<String> NAME_KEYS = Set.of("nom", "prenom", "firstname", "lastname", "birthname",
            "nomnaissance", "nomusage", "nomusuel", "usualname", "givenname", "familyname");
    private static final Set<String> NIR_KEYS = Set.of("nir");
    private static final Pattern XML_VALUE = Pattern.compile("<(NIR|NOM|NOMNAI|NOMUSAGE|PRENOM|nir|nom|prenom)>([^<]+)</");
    private static final Pattern DEMO_SECRET = Pattern.compile("\\bof \"([^\"]+)\"|\\$\\{SPIE_HUB_[A-Z_]*KEY:([^}]+)}");
    private static volatile PersonalDataOfFixtures instance;

    private final Set<String> nirs = new TreeSet<>();
    private final Set<String> names = new TreeSet<>();
    private final Set<String> secrets = new TreeSet<>();
    private Pattern nirPattern;
    private Pattern namePattern;
    private Pattern secretPattern;

    public static PersonalDataOfFixtures get() {
        if (instance == null) {
            synchronized (PersonalDataOfFixtures.class) {
                if (instance == null) {
                    instance = load();
                }
            }
        }
        return instance;
    }

    public Set<String> nirs() {
        return nirs;
    }

    public Set<String> names() {
        return names;
    }

    public Set<String> secrets() {
        return secrets;
    }

    /** The first NIR, name or secret found in {@code text}, or null. */
    public Found find(CharSequence text) {
        Matcher m = nirPattern.matcher(text);
        if (m.find()) {
            return new Found("NIR", mask(m.group()));
        }
        // Separators between the digits hide nothing: "1 85 03 07 010 123" is the same NIR.
        String digits = text.toString().replaceAll("(?<=\\d)[ .\\-](?=\\d)", "");
        m = nirPattern.matcher(digits);
        if (m.find()) {
            return new Found("NIR (spaced)", mask(m.group()));
        }
        m = namePattern.matcher(text);
        if (m.find()) {
            return new Found("name", mask(m.group()));
        }
        m = secretPattern.matcher(text);
        if (m.find()) {
            return new Found("key", mask(m.group()));
        }
        return null;
    }

    private static String mask(String value) {
        return value.length() <= 2 ? "**" : value.charAt(0) + "*".repeat(value.length() - 2)
                + value.charAt(value.length() - 1);
    }

    private static PersonalDataOfFixtures load() {
        PersonalDataOfFixtures data = new PersonalDataOfFixtures();
        try {
            for (Path file : files(EXTERNAL, ".xml")) {
                data.xml(Files.readString(file, Charset.forName("windows-1252")));
            }
            for (Path file : files(EXTERNAL, ".csv")) {
                data.csv(Files.readString(file, StandardCharsets.UTF_8));
            }
            ObjectMapper json = new ObjectMapper();
            for (Path root : List.of(Path.of("mappings"), Path.of("src/test/resources"))) {
                for (Path file : files(root, ".json")) {
                    try {
                        data.json(json.readTree(file.toFile()));
                    } catch (IOException e) {
                        // not JSON (a deliberately broken example): nothing to collect
                    }
                }
                for (Path file : files(root, ".xml")) {
                    data.xml(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
            for (Path file : Stream.concat(files(Path.of("config/partners"), ".yaml").stream(),
                    Stream.of(Path.of("src/main/resources/application-demo.yaml"))).toList()) {
                Matcher m = DEMO_SECRET.matcher(Files.readString(file));
                while (m.find()) {
                    data.secrets.add(m.group(1) != null ? m.group(1) : m.group(2).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (data.nirs.isEmpty() || data.names.isEmpty() || data.secrets.isEmpty()) {
            throw new IllegalStateException("the fixtures' personal data could not be read: run from the project root");
        }
        data.nirPattern = Pattern.compile(data.nirs.stream().map(Pattern::quote).collect(Collectors.joining("|")));
        // As whole words: a short first name may well be part of a longer word. As written and in capitals.
        data.namePattern = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + data.names.stream()
                .flatMap(n -> Stream.of(n, n.toUpperCase(Locale.ROOT))).distinct().map(Pattern::quote)
                .collect(Collectors.joining("|")) + ")(?![\\p{L}\\p{N}])");
        data.secretPattern = Pattern.compile("(?<![\\w-])(?:" + data.secrets.stream().map(Pattern::quote)
                .collect(Collectors.joining("|")) + ")(?![\\w-])");
        return data;
    }

    private static List<Path> files(Path root, String extension) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension))
                    .sorted().toList();
        }
    }

    private void xml(String text) {
        Matcher m = XML_VALUE.matcher(text);
        while (m.find()) {
            add(m.group(1).toLowerCase(Locale.ROOT).equals("nir") ? "nir" : "nom", m.group(2));
        }
    }

    /** CSV with a header line: columns named like a NIR or a name. */
    private void csv(String text) {
        List<String> lines = text.replace("\uFEFF", "").lines().toList();
        if (lines.isEmpty()) {
            return;
        }
        char separator = lines.get(0).indexOf(';') >= 0 ? ';' : ',';
        String[] header = lines.get(0).split(Pattern.quote(String.valueOf(separator)), -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(Pattern.quote(String.valueOf(separator)), -1);
            for (int i = 0; i < Math.min(header.length, cells.length); i++) {
                String column = header[i].replace("*", "").trim().toLowerCase(Locale.ROOT).replace("é", "e");
                add(column, cells[i].replace("\"", ""));
            }
        }
    }

    private void json(JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    add(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
                } else {
                    json(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(this::json);
        }
    }

    private void add(String key, String value) {
        String v = value.trim();
        if (NIR_KEYS.contains(key)) {
            String digits = v.replaceAll("[^0-9AB]", "");
            if (digits.length() >= 13) {
                nirs.add(digits.substring(0, 13));
            }
        } else if (NAME_KEYS.contains(key) && v.length() >= 3 && !v.equalsIgnoreCase("null")) {
            names.add(v);
        }
    }
}
