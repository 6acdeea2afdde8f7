package fr.spie.hub.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.spie.hub.identity.Nir;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXParseException;

class CafFluxGeneratorTest {

    private static final int HOUSEHOLDS = 200;
    private static final long SEED = 42;

    @TempDir
    static Path dir;

    private static Path flux;
    private static byte[] bytes;

    @BeforeAll
    static void generate() throws Exception {
        flux = dir.resolve("caf-flux-200.xml");
        try (OutputStream out = Files.newOutputStream(flux)) {
            new CafFluxGenerator(SEED, "007").write(HOUSEHOLDS, out);
        }
        bytes = Files.readAllBytes(flux);
    }

    @Test
    void theWholeFileValidatesAgainstTheCafSchema() throws Exception {
        cafValidator().validate(new StreamSource(flux.toFile())); // throws SAXParseException on the first violation
    }

    @Test
    void theSameValidatorRejectsAFluxWithAnElementOutOfOrder() throws Exception {
        // proves the validation above is live: SEXE must come after NIR
        String text = new String(bytes, CafFluxGenerator.CHARSET);
        String broken = text.replaceFirst("(<NIR>[^<]*</NIR>)(\\s*)(<TOPVALIEC>[^<]*</TOPVALIEC>)(\\s*)(<SEXE>[^<]*</SEXE>)",
                "$5$2$3$4$1");
        assertThat(broken).isNotEqualTo(text);
        Path brokenFile = dir.resolve("broken.xml");
        Files.write(brokenFile, broken.getBytes(CafFluxGenerator.CHARSET));

        assertThatThrownBy(() -> cafValidator().validate(new StreamSource(brokenFile.toFile())))
                .isInstanceOf(SAXParseException.class);
    }

    private static Validator cafValidator() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Schema schema = factory.newSchema(Path.of("schemas/caf/vrsb0801.xsd").toFile());
        Validator validator = schema.newValidator();
        validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return validator;
    }

    @Test
    void startsWithTheWindows1252DeclarationLikeTheCafFiles() {
        String start = new String(bytes, 0, 60, StandardCharsets.US_ASCII);

        assertThat(start).startsWith("<?xml version=\"1.0\" encoding=\"windows-1252\"?>");
    }

    @Test
    void trailerAnnouncesTheRealNumberOfHouseholdsPaddedTo8Digits() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> firstText = new HashMap<>();
        readElements((name, text) -> {
            counts.merge(name, 1, Integer::sum);
            firstText.putIfAbsent(name, text);
        });

        assertThat(counts.get("InfosFoyerRSA")).isEqualTo(HOUSEHOLDS);
        assertThat(firstText.get("NBTOTDOSRSATRANSM")).isEqualTo("00000200");
    }

    @Test
    void weighsAbout6KilobytesPerHousehold() {
        double perHousehold = bytes.length / (double) HOUSEHOLDS;

        assertThat(perHousehold).isBetween(4_000.0, 9_000.0);
    }

    @Test
    void isWindows1252WithAccentedNamesThatDecodeRight() throws Exception {
        assertThat(bytes).as("É is the single byte C9 in windows-1252").contains((byte) 0xC9);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("no UTF-8 sequence for É (C3 89)")
                .doesNotContain("\u00C3\u0089");
        String text = decodeStrictly(bytes);

        assertThat(text).containsPattern("<(NOM|PRENOM)>[^<]*[ÉÈÇÏËÊÎÔÂ][^<]*</");
        List<String> names = new ArrayList<>();
        readElements((name, value) -> {
            if (name.equals("PRENOM") || name.equals("NOM")) {
                names.add(value);
            }
        });
        assertThat(names).anyMatch(n -> n.contains("É")).anyMatch(n -> n.contains("È"))
                .anyMatch(n -> n.contains("Ç")).anyMatch(n -> n.contains("Ï"));
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new CafFluxGenerator(SEED, "007").write(HOUSEHOLDS, again);
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        new CafFluxGenerator(SEED + 1, "007").write(HOUSEHOLDS, other);

        assertThat(again.toByteArray()).isEqualTo(bytes);
        assertThat(other.toByteArray()).isNotEqualTo(bytes);
    }

    @Test
    void everyNirParsesAgreesWithSexAndBirthDateAndIsUnique() throws Exception {
        List<Map<String, String>> identities = new ArrayList<>();
        Map<String, String> current = new HashMap<>();
        readElements((name, text) -> {
            switch (name) {
                case "DTNAI", "NIR" -> current.put(name, text);
                case "SEXE" -> {
                    current.put(name, text);
                    identities.add(new HashMap<>(current));
                    current.clear();
                }
                default -> { }
            }
        });

        assertThat(identities).hasSizeGreaterThan(HOUSEHOLDS);
        Set<String> seen = new HashSet<>();
        int failures = 0;
        for (Map<String, String> identity : identities) {
            Nir nir = Nir.parse(identity.get("NIR"));
            // counted, not printed: a failure message must not carry a NIR
            if (identity.get("NIR").length() != 13
                    || !nir.consistencyWarnings(identity.get("SEXE"), LocalDate.parse(identity.get("DTNAI"))).isEmpty()
                    || !seen.add(nir.value())) {
                failures++;
            }
        }
        assertThat(failures).as("NIRs not 13 characters, inconsistent or repeated").isZero();
    }

    @Test
    void composesHouseholdsOf1To6PeopleWithTheFluxCodes() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        Map<String, Integer> roles = new HashMap<>();
        Map<String, Integer> states = new HashMap<>();
        Map<String, Integer> organismes = new HashMap<>();
        Set<String> departements = new HashSet<>();
        Set<String> typeParte = new HashSet<>();
        int[] persons = {0};
        readElements((name, text) -> {
            switch (name) {
                case "InfosFoyerRSA" -> {
                    if (persons[0] > 0) {
                        sizes.add(persons[0]);
                    }
                    persons[0] = 0;
                }
                case "Personne" -> persons[0]++;
                case "ROLEPERS" -> roles.merge(text, 1, Integer::sum);
                case "ETATDOSRSA" -> states.merge(text, 1, Integer::sum);
                case "FONORG" -> organismes.merge(text, 1, Integer::sum);
                case "IDEPARTE" -> departements.add(text);
                case "TYPEPARTE" -> typeParte.add(text);
                default -> { }
            }
        });
        sizes.add(persons[0]);

        assertThat(sizes).hasSize(HOUSEHOLDS).allMatch(n -> n >= 1 && n <= 6);
        assertThat(sizes).contains(1, 2, 3, 4);
        assertThat(roles.keySet()).containsExactlyInAnyOrder("DEM", "CJT", "ENF");
        assertThat(roles.get("DEM")).isEqualTo(2 * HOUSEHOLDS); // two Prestations per person
        assertThat(states.keySet()).contains("0", "2", "4", "5", "6");
        assertThat(states.get("2")).isGreaterThan(HOUSEHOLDS / 2);
        assertThat(organismes.get("CAF")).isGreaterThan(organismes.getOrDefault("MSA", 0)).isGreaterThan(150);
        assertThat(organismes).containsKey("MSA");
        assertThat(departements).containsExactly("007");
        assertThat(typeParte).containsExactly("CG ");
    }

    @Test
    void livesInTheConfiguredDepartement() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CafFluxGenerator(SEED, "26", YearMonth.of(2024, 3)).write(5, out);
        String text = new String(out.toByteArray(), CafFluxGenerator.CHARSET);

        assertThat(text).contains("<IDEPARTE>026</IDEPARTE>").contains("<DTREF>2024-03-31</DTREF>")
                .doesNotContain("<IDEPARTE>007</IDEPARTE>");
        Matcher postal = Pattern.compile("<CODEPOS>(\\d+)</CODEPOS>").matcher(text);
        while (postal.find()) {
            assertThat(postal.group(1)).startsWith("26");
        }
    }

    @Test
    void refusesABadDepartementOrCount() {
        assertThatThrownBy(() -> new CafFluxGenerator(1, "ABC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("département");
        assertThat(CafFluxGenerator.normaliseDepartement("7".repeat(2))).isEqualTo("077");
        assertThat(CafFluxGenerator.normaliseDepartement("2a")).isEqualTo("02A");
        assertThatThrownBy(() -> new CafFluxGenerator(1, "007").write(-1, OutputStream.nullOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesAmountsLikeTheCaf() {
        assertThat(CafFluxGenerator.money(167500)).isEqualTo("0001675.00");
        assertThat(CafFluxGenerator.money(4505)).isEqualTo("0000045.05");
        assertThat(CafFluxGenerator.money(0)).isEqualTo("0000000.00");
    }

    private interface ElementVisitor {
        void element(String name, String text);
    }

    /** Streams the generated file: the start of every element, with its text when it is a leaf. */
    private static void readElements(ElementVisitor visitor) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (InputStream in = Files.newInputStream(flux)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            String pending = null;
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (pending != null) {
                        visitor.element(pending, null);
                    }
                    pending = reader.getLocalName();
                    text.setLength(0);
                } else if (event == XMLStreamConstants.CHARACTERS) {
                    text.append(reader.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT && pending != null) {
                    visitor.element(pending, text.toString());
                    pending = null;
                }
            }
        }
    }

    private static String decodeStrictly(byte[] content) throws CharacterCodingException {
        return CafFluxGenerator.CHARSET.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content)).toString();
    }
}
