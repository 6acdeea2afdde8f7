package fr.spie.hub.validation;

import static fr.spie.hub.validation.CafFluxSamples.WINDOWS_1252;
import static fr.spie.hub.validation.CafFluxSamples.cafFormat;
import static fr.spie.hub.validation.CafFluxSamples.rsabem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.OperationOutcome.Severity;
import fr.spie.hub.validation.RecordStream.BatchRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlRecordFormatTest {

    private static XmlRecordFormat caf;

    @BeforeAll
    static void compileOnce() {
        caf = cafFormat();
    }

    @Test
    void theSpecimenFluxStreamsTwoValidHouseholdsWithItsHeaderAndTrailer() {
        try (RecordStream stream = caf.open(new ByteArrayInputStream(rsabem().bytes()))) {
            List<BatchRecord> records = readAll(stream);

            assertThat(records).extracting(BatchRecord::index).containsExactly(1, 2);
            assertThat(records).allSatisfy(r -> assertThat(r.outcome().issue()).isEmpty());
            assertThat(stream.headers()).containsOnlyKeys("IdentificationFlux", "TransmissionFlux");
            assertThat(stream.headers().get("IdentificationFlux").get("TYPEFLUX").asText()).isEqualTo("M");
            assertThat(stream.headers().get("TransmissionFlux").get("NBTOTDOSRSATRANSM").asText()).isEqualTo("00000001");
            assertThat(stream.documentOutcome().issue()).isEmpty();
        }
    }

    @Test
    void repeatableElementsAreArraysAndLeavesAreUntrimmedText() {
        ObjectNode household = readAll(caf.open(new ByteArrayInputStream(rsabem().bytes()))).get(0).tree();

        assertThat(household.get("Personne").isArray()).isTrue();
        assertThat(household.get("Personne")).hasSize(2);
        assertThat(household.get("IdentificationRSA").isObject()).isTrue();
        assertThat(household.at("/Personne/0/Prestations").isArray()).isTrue();
        // CAF pads TYPEPARTE: the tree keeps it as sent, mappings trim
        assertThat(household.at("/IdentificationRSA/Partenaire/TYPEPARTE").asText()).isEqualTo("CG ");
        assertThat(household.at("/IdentificationRSA/Partenaire/IDEPARTE").asText()).isEqualTo("052");
    }

    @Test
    void aSingleOccurrenceOfARepeatableElementIsStillAnArray() {
        ObjectNode household = readAll(caf.open(new ByteArrayInputStream(rsabem().bytes()))).get(1).tree();

        assertThat(household.get("Personne").isArray()).isTrue();
        assertThat(household.get("Personne")).hasSize(1);
    }

    @Test
    void theDeclaredWindows1252EncodingIsDecoded() {
        // the specimens are pure ASCII, so an accented town is put in and encoded as the CAF would
        byte[] flux = rsabem().withFirst("NOMCOMNAI", "CHÂLONS-EN-CHAMPAGNE").bytes();
        assertThat(flux).contains((byte) 0xC2); // Â in windows-1252, not UTF-8

        ObjectNode household = readAll(caf.open(new ByteArrayInputStream(flux))).get(0).tree();

        assertThat(household.at("/Personne/0/Identification/NOMCOMNAI").asText()).isEqualTo("CHÂLONS-EN-CHAMPAGNE");
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreDecodedWithoutAnyDtd() {
        byte[] flux = rsabem().withFirst("NOMCOMNAI", "SAINT-&#201;TIENNE &amp; &lt;AILLEURS&gt;").bytes();

        ObjectNode household = readAll(caf.open(new ByteArrayInputStream(flux))).get(0).tree();

        assertThat(household.at("/Personne/0/Identification/NOMCOMNAI").asText()).isEqualTo("SAINT-ÉTIENNE & <AILLEURS>");
    }

    @Test
    void anIncompleteHouseholdIsAStructureErrorOnTheHouseholdItself() throws IOException {
        byte[] flux = Files.readAllBytes(CafFluxSamples.SPECIMENS.resolve("RSABEI_invalid.xml"));

        List<BatchRecord> records = readAll(caf.open(new ByteArrayInputStream(flux)));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome().hasErrors()).isTrue();
        assertThat(records.get(0).outcome().issue()).anySatisfy(issue -> {
            assertThat(issue.expression()).containsExactly("InfosFoyerRSA[1]");
            assertThat(issue.code()).isEqualTo(IssueType.STRUCTURE);
            assertThat(issue.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void aTooLongNirIsReportedAtItsPathWithoutItsValue() {
        String nir = rsabem().firstValue("NIR") + "123";

        OperationOutcome outcome = firstRecordOf(rsabem().withFirst("NIR", nir)).outcome();

        assertThat(outcome.issue()).singleElement().satisfies(issue -> {
            assertThat(issue.expression()).containsExactly("InfosFoyerRSA[1].Personne[1].Identification.NIR");
            assertThat(issue.code()).isEqualTo(IssueType.TOO_LONG);
            assertThat(issue.diagnostics()).contains("value of 16 characters").doesNotContain(nir)
                    .doesNotContain(nir.substring(0, 13));
        });
    }

    @Test
    void anElevenCharacterNirPassesTheXsdWhichOnlyCapsItAtFifteen() {
        // vrsb0801 declares NIR as a string of maxLength 15: the 13-character rule belongs to the identity step
        String nir = rsabem().firstValue("NIR").substring(0, 11);

        assertThat(firstRecordOf(rsabem().withFirst("NIR", nir)).outcome().issue()).isEmpty();
    }

    @Test
    void anInvalidDateIsAValueErrorAtItsPathWithoutTheValue() {
        OperationOutcome outcome = firstRecordOf(rsabem().withFirst("DTNAI", "1982-02-31X")).outcome();

        assertThat(outcome.issue()).singleElement().satisfies(issue -> {
            assertThat(issue.expression()).containsExactly("InfosFoyerRSA[1].Personne[1].Identification.DTNAI");
            assertThat(issue.code()).isEqualTo(IssueType.VALUE);
            assertThat(issue.diagnostics()).doesNotContain("1982-02-31X").contains("value of 11 characters");
        });
    }

    @Test
    void aMisplacedElementIsAStructureErrorAtTheSecondPerson() {
        CafFluxSamples flux = rsabem();
        String household = flux.households().get(0);
        int secondPerson = household.indexOf("<Personne>", household.indexOf("<Personne>") + 1);
        String broken = household.substring(0, secondPerson) + household.substring(secondPerson)
                .replaceFirst("<Identification>", "<Intrus/><Identification>");

        OperationOutcome outcome = firstRecordOf(flux.withHouseholds(List.of(broken))).outcome();

        assertThat(outcome.issue()).extracting(Issue::expression)
                .contains(List.of("InfosFoyerRSA[1].Personne[2].Intrus"));
        assertThat(outcome.issue()).allSatisfy(issue -> assertThat(issue.code()).isEqualTo(IssueType.STRUCTURE));
    }

    @Test
    void onlyTheInvalidRecordInTheMiddleCarriesAnError() {
        CafFluxSamples flux = rsabem();
        String valid = flux.households().get(1);
        String invalid = CafFluxSamples.replaceFirstValue(valid, "DTDEMRSA", "pas une date");
        byte[] three = flux.withHouseholds(List.of(valid, invalid, valid)).bytes();

        List<BatchRecord> records = readAll(caf.open(new ByteArrayInputStream(three)));

        assertThat(records).hasSize(3);
        assertThat(records.get(0).outcome().issue()).isEmpty();
        assertThat(records.get(2).outcome().issue()).isEmpty();
        assertThat(records.get(1).outcome().issue()).singleElement().satisfies(issue -> {
            assertThat(issue.expression()).containsExactly("InfosFoyerRSA[2].IdentificationRSA.DemandeRSA.DTDEMRSA");
            assertThat(issue.code()).isEqualTo(IssueType.VALUE);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxe.xml", "billion-laughs.xml", "internal-dtd.xml", "external-dtd.xml"})
    void anyDtdIsRefusedAsASecurityIssue(String hostileFile) throws IOException {
        byte[] hostile = Files.readAllBytes(Path.of("src/test/resources/hostile", hostileFile));

        UnreadableDocumentException refused = catchThrowableOfType(
                () -> readAll(caf.open(new ByteArrayInputStream(hostile))), UnreadableDocumentException.class);

        assertThat(refused).isNotNull();
        assertThat(refused.outcome().issue()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(Severity.FATAL);
            assertThat(issue.code()).isEqualTo(IssueType.SECURITY);
            assertThat(issue.diagnostics()).contains("DTD");
        });
        assertThat(refused.getMessage() + refused.outcome()).doesNotContain("root:").doesNotContain("lollol");
    }

    @Test
    void aTruncatedFluxYieldsTheRecordsBeforeTheCutThenFails() {
        String text = rsabem().text();
        String cut = text.substring(0, text.indexOf("<Personne>", text.lastIndexOf("<InfosFoyerRSA>")) + 40);
        List<BatchRecord> read = new ArrayList<>();

        try (RecordStream stream = caf.open(new ByteArrayInputStream(cut.getBytes(WINDOWS_1252)))) {
            UnreadableDocumentException failure = catchThrowableOfType(() -> stream.forEachRemaining(read::add),
                    UnreadableDocumentException.class);

            assertThat(read).hasSize(1);
            assertThat(read.get(0).outcome().issue()).isEmpty();
            assertThat(failure.outcome().issue()).singleElement().satisfies(issue -> {
                assertThat(issue.code()).isEqualTo(IssueType.STRUCTURE);
                assertThat(issue.expression()).containsExactly("InfosFoyerRSA[2]");
                assertThat(issue.diagnostics()).containsPattern("line \\d+, column \\d+");
            });
            assertThat(stream.hasNext()).isFalse();
        }
    }

    @Test
    void mismatchedTagsAreNotWellFormedWithTheirPosition() {
        byte[] flux = rsabem().text().replaceFirst("</NOM>", "</PRENOM>").getBytes(WINDOWS_1252);

        UnreadableDocumentException failure = catchThrowableOfType(
                () -> readAll(caf.open(new ByteArrayInputStream(flux))), UnreadableDocumentException.class);

        Issue issue = failure.outcome().issue().get(0);
        assertThat(issue.code()).isEqualTo(IssueType.STRUCTURE);
        assertThat(issue.expression()).containsExactly("InfosFoyerRSA[1]");
        assertThat(issue.diagnostics()).contains("line 32, column");
    }

    @Test
    void aWrongRootIsUnreadable() {
        byte[] other = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Autre><InfosFoyerRSA/></Autre>"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> caf.open(new ByteArrayInputStream(other)))
                .isInstanceOfSatisfying(UnreadableDocumentException.class, e -> {
                    assertThat(e.outcome().issue().get(0).code()).isEqualTo(IssueType.STRUCTURE);
                    assertThat(e.outcome().issue().get(0).diagnostics()).contains("Racine").contains("Autre");
                });
    }

    @Test
    void aBareHouseholdIsASingleRecordDocument() {
        String household = rsabem().households().get(0);
        byte[] single = ("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n" + household).getBytes(WINDOWS_1252);

        try (RecordStream stream = caf.open(new ByteArrayInputStream(single))) {
            List<BatchRecord> records = readAll(stream);

            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.index()).isEqualTo(1);
                assertThat(r.outcome().issue()).isEmpty();
                assertThat(r.tree().get("Personne")).hasSize(2);
            });
            assertThat(stream.headers()).isEmpty();
        }
    }

    @Test
    void aMissingTrailerIsADocumentErrorOnceTheEndIsReached() {
        CafFluxSamples flux = rsabem();
        String withoutTrailer = flux.text().replaceAll("(?s)<TransmissionFlux>.*</TransmissionFlux>", "");

        try (RecordStream stream = caf.open(new ByteArrayInputStream(withoutTrailer.getBytes(WINDOWS_1252)))) {
            assertThat(readAll(stream)).hasSize(2);
            assertThat(stream.documentOutcome().issue()).singleElement().satisfies(issue -> {
                assertThat(issue.code()).isEqualTo(IssueType.REQUIRED);
                assertThat(issue.expression()).containsExactly("TransmissionFlux");
            });
        }
    }

    @Test
    void anInvalidTrailerGoesToTheDocumentOutcome() {
        byte[] flux = rsabem().withFirst("NBTOTDOSRSATRANSM", "123456789").bytes();

        try (RecordStream stream = caf.open(new ByteArrayInputStream(flux))) {
            assertThat(readAll(stream)).allSatisfy(r -> assertThat(r.outcome().issue()).isEmpty());
            assertThat(stream.documentOutcome().issue()).singleElement().satisfies(issue -> {
                assertThat(issue.expression()).containsExactly("TransmissionFlux.NBTOTDOSRSATRANSM");
                assertThat(issue.code()).isEqualTo(IssueType.VALUE);
                assertThat(issue.diagnostics()).doesNotContain("123456789").contains("(cvc-totalDigits-valid)");
            });
        }
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() {
        String deep = "<a>".repeat(100) + "</a>".repeat(100);
        byte[] flux = rsabem().withFirst("NOM", deep).bytes();

        UnreadableDocumentException failure = catchThrowableOfType(
                () -> readAll(caf.open(new ByteArrayInputStream(flux))), UnreadableDocumentException.class);

        assertThat(failure.outcome().issue().get(0).code()).isEqualTo(IssueType.TOO_LONG);
        assertThat(failure.outcome().issue().get(0).expression()).containsExactly("InfosFoyerRSA[1]");
    }

    @Test
    void aRecordBeyondTheSizeLimitIsRefused() {
        XmlRecordFormat small = caf.withLimits(64, 1_000);

        UnreadableDocumentException failure = catchThrowableOfType(
                () -> readAll(small.open(new ByteArrayInputStream(rsabem().bytes()))), UnreadableDocumentException.class);

        assertThat(failure.outcome().issue().get(0).code()).isEqualTo(IssueType.TOO_LONG);
        assertThat(failure.outcome().issue().get(0).expression()).containsExactly("InfosFoyerRSA[1]");
    }

    /**
     * Without an encoding declaration, valid UTF-8 sequences are read as UTF-8 (the XML default) and any other byte
     * with the default charset, so both a UTF-8 file and a windows-1252 file that forgot its declaration read right.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "windows-1252"})
    void withoutDeclarationBothUtf8AndTheDefaultCharsetAreDecoded(String actualEncoding) {
        String text = rsabem().withFirst("NOMCOMNAI", "SAINT-ÉTIENNE-D'ŒILLÈRES").text()
                .replace("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", "<?xml version=\"1.0\"?>");
        assertThat(text).doesNotContain("encoding");

        ObjectNode household = readAll(caf.open(new ByteArrayInputStream(text.getBytes(
                java.nio.charset.Charset.forName(actualEncoding))))).get(0).tree();

        assertThat(household.at("/Personne/0/Identification/NOMCOMNAI").asText()).isEqualTo("SAINT-ÉTIENNE-D'ŒILLÈRES");
    }

    @Test
    void twentyThousandHouseholdsStreamOneAtATime() {
        CafFluxSamples flux = CafFluxSamples.specimen("RSABEM-ouvert.xml");
        byte[] household = flux.households().get(0).replaceAll(">\\s+<", "><").getBytes(WINDOWS_1252);
        int count = 20_000;
        InputStream generated = new RepeatingInputStream(flux.header().getBytes(WINDOWS_1252), household, count,
                flux.trailer().getBytes(WINDOWS_1252));

        int read = 0;
        int invalid = 0;
        try (RecordStream stream = caf.open(generated)) {
            while (stream.hasNext()) {
                BatchRecord record = stream.next();
                read++;
                invalid += record.outcome().hasErrors() ? 1 : 0;
            }
        }

        assertThat(read).isEqualTo(count);
        assertThat(invalid).isZero();
    }

    private static BatchRecord firstRecordOf(CafFluxSamples flux) {
        return readAll(caf.open(new ByteArrayInputStream(flux.bytes()))).get(0);
    }

    private static List<BatchRecord> readAll(RecordStream stream) {
        List<BatchRecord> records = new ArrayList<>();
        stream.forEachRemaining(records::add);
        return records;
    }

    /** header, then the same record n times, then trailer, generated as read: the document never exists in memory. */
    private static final class RepeatingInputStream extends InputStream {
        private final byte[][] parts;
        private final int repeats;
        private int part;
        private int repeat;
        private int position;

        RepeatingInputStream(byte[] header, byte[] record, int repeats, byte[] trailer) {
            this.parts = new byte[][] {header, record, trailer};
            this.repeats = repeats;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            while (part < parts.length && position == parts[part].length) {
                position = 0;
                if (part == 1 && ++repeat < repeats) {
                    continue;
                }
                part++;
            }
            if (part == parts.length) {
                return -1;
            }
            int n = Math.min(length, parts[part].length - position);
            System.arraycopy(parts[part], position, target, offset, n);
            position += n;
            return n;
        }
    }
}
