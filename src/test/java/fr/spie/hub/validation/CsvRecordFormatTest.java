package fr.spie.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.RecordStream.BatchRecord;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV batches as the partners really write them: France Travail's extract, the Département's import with its BOM. */
class CsvRecordFormatTest {

    private static final Path SPECIMENS = Path.of("../shared/fixtures/external/carnet-de-bord");
    private final CsvRecordFormat extract = CsvRecordFormat.compile(Path.of("src/test/resources/csv/extract-row.schema.json"),
            ';', "NULL", StandardCharsets.UTF_8);
    private final CsvRecordFormat beneficiaires = CsvRecordFormat.compile(
            Path.of("src/test/resources/csv/beneficiaire-row.schema.json"), ';', null, StandardCharsets.UTF_8);

    private static List<BatchRecord> readAll(RecordStream stream) {
        List<BatchRecord> records = new ArrayList<>();
        try (stream) {
            stream.forEachRemaining(records::add);
        }
        return records;
    }

    private static InputStream bytes(String text, Charset charset) {
        return new ByteArrayInputStream(text.getBytes(charset));
    }

    @Test
    void theFranceTravailExtractGivesOneValidRecordPerRowWithoutItsNullCells() throws Exception {
        List<BatchRecord> rows = readAll(extract.open(Files.newInputStream(SPECIMENS.resolve("pe_extract_principal.csv"))));
        assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r.outcome().issue()).isEmpty());
        assertThat(rows).extracting(BatchRecord::index).containsExactly(1, 2, 3, 4);
        var first = rows.get(0).tree();
        assertThat(first.path("brsa").asText()).isEqualTo("O");
        assertThat(first.has("adresse_ligne5")).as("a NULL cell is left out").isFalse();
        assertThat(first.has("mrech.axetravailprincipal")).as("column names are kept as written").isTrue();
    }

    @Test
    void theDepartementImportReadsPastItsBomWithQuotedCellsAndAccentedColumns() throws Exception {
        List<BatchRecord> rows = readAll(beneficiaires.open(
                Files.newInputStream(SPECIMENS.resolve("import_beneficiaires.csv"))));
        assertThat(rows).isNotEmpty();
        var first = rows.get(0).tree();
        assertThat(first.has("Identifiant dans le SI*")).as("the BOM is not part of the first column's name").isTrue();
        assertThat(first.path("Adresse (complément)").asText()).isEqualTo("Lieu-dit \"Le sandwich\"");
        assertThat(rows.get(0).outcome().issue()).isEmpty();
    }

    @Test
    void faultyRowsOfTheBuggyImportAreNamedOneByOneAndTheValidOneGoesThrough() throws Exception {
        List<BatchRecord> rows = readAll(beneficiaires.open(
                Files.newInputStream(SPECIMENS.resolve("import_beneficiaires_buggy.csv"))));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).outcome().issue()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo(IssueType.REQUIRED);
            assertThat(i.expression()).containsExactly("row[1][\"Date de naissance*\"]");
        });
        assertThat(rows.get(1).outcome().issue()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo(IssueType.VALUE);
            assertThat(i.expression()).containsExactly("row[2][\"Date de naissance*\"]");
            assertThat(i.diagnostics()).doesNotContain("19970-04-22");
        });
        assertThat(rows.get(2).outcome().hasErrors()).isFalse();
    }

    @Test
    void aRowWithTooFewCellsIsRefusedAloneAndReadingGoesOn() {
        String csv = "identifiant_unique_de;nom;prenom;date_naissance\r\n"
                + "a;DUPONT;JEAN\r\n"
                + "b;MARTIN;ANNE;1990-01-02 00:00:00.0\r\n";
        List<BatchRecord> rows = readAll(extract.open(bytes(csv, StandardCharsets.UTF_8)));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).outcome().issue()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo(IssueType.STRUCTURE);
            assertThat(i.expression()).containsExactly("row[1]");
        });
        assertThat(rows.get(1).outcome().issue()).isEmpty();
    }

    @Test
    void aHeaderWithoutARequiredColumnMakesTheFileUnreadable() {
        assertThatThrownBy(() -> extract.open(bytes("identifiant_unique_de;nom\na;B\n", StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UnreadableDocumentException.class, e -> {
                    assertThat(e.outcome().issue().get(0).code()).isEqualTo(IssueType.REQUIRED);
                    assertThat(e.outcome().issue().get(0).diagnostics()).contains("prenom").contains("date_naissance");
                });
    }

    @Test
    void windows1252BytesSentAsUtf8StopTheReadingWithAPreciseOutcome() {
        String csv = "identifiant_unique_de;nom;prenom;date_naissance\n"
                + "a;DUPONT;JEAN;1990-01-02 00:00:00.0\n"
                + "b;LEFÈVRE;ANNE;1990-01-02 00:00:00.0\n";
        // Decoding runs ahead of parsing: a small file fails as it opens, a large one at the row it reached.
        assertThatThrownBy(() -> readAll(extract.open(bytes(csv, Charset.forName("windows-1252")))))
                .isInstanceOfSatisfying(UnreadableDocumentException.class, e -> {
                    assertThat(e.outcome().issue().get(0).code()).isEqualTo(IssueType.INVALID);
                    assertThat(e.outcome().issue().get(0).diagnostics()).contains("character set");
                });
    }

    @Test
    void anUnclosedQuoteStopsTheReadingAfterTheGoodRows() {
        String csv = "identifiant_unique_de;nom;prenom;date_naissance\n"
                + "a;DUPONT;JEAN;1990-01-02 00:00:00.0\n"
                + "b;\"MARTIN;ANNE;1990-01-02 00:00:00.0\n";
        RecordStream stream = extract.open(bytes(csv, StandardCharsets.UTF_8));
        assertThat(stream.next().index()).isEqualTo(1);
        assertThatThrownBy(stream::hasNext).isInstanceOfSatisfying(UnreadableDocumentException.class,
                e -> assertThat(e.outcome().issue().get(0).code()).isEqualTo(IssueType.STRUCTURE));
    }
}
