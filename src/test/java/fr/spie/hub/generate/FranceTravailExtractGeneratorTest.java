package fr.spie.hub.generate;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.validation.CsvRecordFormat;
import fr.spie.hub.validation.RecordStream;
import fr.spie.hub.validation.RecordStream.BatchRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic extract is what France Travail writes: the real columns, valid against the hub's row schema. */
class FranceTravailExtractGeneratorTest {

    @Test
    void everyGeneratedRowIsAValidExtractRowOfAnRsaRecipient(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("extract.csv");
        new FranceTravailExtractGenerator(7).write(file, 300);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo(Files.readAllLines(
                Path.of("../shared/fixtures/external/carnet-de-bord/pe_extract_principal.csv")).get(0));

        CsvRecordFormat format = CsvRecordFormat.compile(Path.of("schemas/france-travail/extract-spie.schema.json"),
                ';', "NULL", StandardCharsets.UTF_8);
        List<BatchRecord> rows = new ArrayList<>();
        try (RecordStream stream = format.open(Files.newInputStream(file))) {
            stream.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(300).allSatisfy(r -> {
            assertThat(r.outcome().issue()).as("row %d", r.index()).isEmpty();
            assertThat(r.tree().path("brsa").asText()).isEqualTo("O");
            assertThat(r.tree().path("date_naissance").asText()).matches("\\d{4}-\\d{2}-\\d{2} 00:00:00\\.0");
        });
        assertThat(Files.readString(file)).contains(";NULL;");
    }

    @Test
    void theSameSeedGivesTheSameFile(@TempDir Path folder) throws Exception {
        new FranceTravailExtractGenerator(3).write(folder.resolve("a.csv"), 50);
        new FranceTravailExtractGenerator(3).write(folder.resolve("b.csv"), 50);
        new FranceTravailExtractGenerator(4).write(folder.resolve("c.csv"), 50);
        assertThat(Files.readString(folder.resolve("a.csv"))).isEqualTo(Files.readString(folder.resolve("b.csv")))
                .isNotEqualTo(Files.readString(folder.resolve("c.csv")));
    }
}
