package fr.spie.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.generate.CafFluxGenerator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's own arithmetic: what it counts and reads must be right for its figures to mean anything. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void theRawParseCountsEveryHouseholdOfTheFlux() throws Exception {
        Path flux = dir.resolve("caf.xml");
        try (OutputStream out = Files.newOutputStream(flux)) {
            new CafFluxGenerator(3, "007").write(37, out);
        }

        BenchCommand.RawParse raw = BenchCommand.rawParse(flux);

        assertThat(raw.records()).isEqualTo(37);
        assertThat(raw.seconds()).isPositive();
    }

    @Test
    void readsTheAcceptedCountOfTheReportNotOfARecord() throws Exception {
        Path report = dir.resolve("r.json");
        Files.writeString(report, """
                {"file":"f.xml","records":3,"accepted":2,"rejected":1,"warnings":[],
                 "outcomes":[{"record":1,"accepted":99}]}""");

        assertThat(BenchCommand.acceptedIn(report)).isEqualTo(2);
    }

    @Test
    void refusesAnUnknownOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLine.run(new String[] {"bench", "--speed", "max"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --speed");
    }
}
