package fr.spie.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesTheFileAndReportsItOnOneLine() throws Exception {
        Path file = dir.resolve("sub/caf.xml");

        int code = run("generate", "caf", "--households", "10", "--out", file.toString(), "--seed", "7");

        assertThat(code).isZero();
        assertThat(file).exists();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report.lines()).hasSize(1);
        assertThat(report).startsWith(file + ": 10 households, " + Files.size(file) + " bytes, ")
                .contains(" bytes per household, ").endsWith(" s" + System.lineSeparator());
        assertThat(Files.readString(file, java.nio.charset.Charset.forName("windows-1252")))
                .contains("<NBTOTDOSRSATRANSM>00000010</NBTOTDOSRSATRANSM>");
    }

    @Test
    void runsThroughTheJarEntryPoint() throws Exception {
        Path file = dir.resolve("caf-10.xml");
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(CommandLine.run(new String[] {"generate", "caf", "--households", "10", "--out",
                file.toString()})).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(file).isNotEmptyFile();
    }

    @Test
    void honoursTheDepartement() throws Exception {
        Path file = dir.resolve("drome.xml");

        assertThat(run("generate", "caf", "--households", "3", "--out", file.toString(), "--departement", "26"))
                .isZero();
        assertThat(Files.readString(file, java.nio.charset.Charset.forName("windows-1252")))
                .contains("<IDEPARTE>026</IDEPARTE>");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "generate",
        "generate csv --households 10",
        "generate caf",
        "generate caf --households",
        "generate caf --households ten",
        "generate caf --households 0",
        "generate caf --households -5",
        "generate caf --households 10 --seed x",
        "generate caf --households 10 --departement Ardeche",
        "generate caf --households 10 --month 2025-13",
        "generate caf --households 10 --colour blue",
    })
    void refusesBadArgumentsWithExitCode2AndTheUsage(String line) {
        int code = run(line.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar spie-hub.jar generate caf");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void isListedInTheHelp() {
        assertThat(CommandLine.isCommand(new String[] {"generate"})).isTrue();
    }

    private int run(String... args) {
        return CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
