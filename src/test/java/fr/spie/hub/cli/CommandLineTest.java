package fr.spie.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import fr.spie.hub.support.HubHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * The command line as a partner's CI uses it: what each command prints and the exit code it returns
 * (0 ok, 1 failures found, 2 usage error, 3 could not run).
 */
class CommandLineTest {

    private static final Path FIXTURES = Path.of("../shared/fixtures/external/carnet-de-bord");

    /** What one run printed and returned. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // The dispatcher

    @Test
    void help_lists_every_command_and_the_exit_codes() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("mapping test", "schema validate", "partners", "generate caf")
                .contains("0 ok, 1 failures found, 2 usage error");
    }

    @Test
    void every_command_answers_help_with_its_usage() {
        for (String command : List.of("mapping", "schema", "partners", "audit", "generate", "bench")) {
            Run help = run(command, "--help");
            assertThat(help.code()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: java -jar spie-hub.jar " + command)
                    .contains("Exit codes:");
        }
    }

    @Test
    void an_unknown_command_or_sub_command_is_a_usage_error() {
        Run unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(CommandLine.USAGE);
        assertThat(unknown.err()).contains("Unknown command 'frobnicate'", "mapping test");
        Run sub = run("mapping", "check");
        assertThat(sub.code()).isEqualTo(CommandLine.USAGE);
        assertThat(sub.err()).contains("'test' or 'bench', got 'check'", "Usage: java -jar spie-hub.jar mapping");
    }

    // mapping test

    @Test
    void mapping_test_passes_on_the_repository_mappings_of_a_partner() {
        Run result = run("mapping", "test", "mappings/departement");
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("PASSED mappings/departement/orientation/to-canonical.jsonata ›")
                .doesNotContain("mappings/caf/").containsPattern("\\d+ passed, 0 failed");
    }

    @Test
    void mapping_test_prints_each_difference_and_fails_when_an_expected_output_is_wrong(@TempDir Path copy)
            throws IOException {
        Path home = copyOfTheHub(copy);
        Path expected = home.resolve("mappings/departement/orientation/examples/orientation-pro-nir-15.expected.json");
        Files.writeString(expected, Files.readString(expected).replace("\"pro\"", "\"social\""));

        Run result = run("mapping", "test", home.resolve("mappings/departement/orientation").toString());
        assertThat(result.code()).isEqualTo(CommandLine.FAILURES);
        assertThat(result.out())
                .contains("FAILED mappings/departement/orientation/to-canonical.jsonata › "
                        + "orientation-pro-nir-15.input.json")
                .containsPattern("\\$\\.[\\w.\\[\\]]+: expected \"social\", actual \"pro\"")
                .containsPattern("\\d+ passed, 1 failed");
    }

    @Test
    void mapping_test_fails_on_a_mapping_without_examples_and_on_a_mapping_that_does_not_compile(@TempDir Path copy)
            throws IOException {
        Path home = copyOfTheHub(copy);
        FileSystemUtils.deleteRecursively(home.resolve("mappings/departement/sanction/examples"));
        Files.writeString(home.resolve("mappings/departement/cohorte/to-canonical.jsonata"), "{ \"a\": (1 + }");

        Run result = run("mapping", "test", home.toString());
        assertThat(result.code()).isEqualTo(CommandLine.FAILURES);
        assertThat(result.out()).contains("FAILED mappings/departement/sanction/to-canonical.jsonata", "no example")
                .contains("FAILED mappings/departement/cohorte/to-canonical.jsonata ›");
    }

    @Test
    void mapping_test_outside_a_hub_home_is_a_usage_error(@TempDir Path empty) {
        Run result = run("mapping", "test", empty.toString());
        assertThat(result.code()).isEqualTo(CommandLine.USAGE);
        assertThat(result.err()).contains("is not inside a hub home");
    }

    // schema validate

    @Test
    void schema_validate_a_valid_message_prints_an_empty_outcome_and_exits_0() {
        Run result = run("schema", "validate", "schemas/departement/orientation.schema.json",
                "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json");
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("\"resourceType\" : \"OperationOutcome\"");
        assertThat(result.err()).contains("is valid against orientation.schema.json");
    }

    @Test
    void schema_validate_an_invalid_message_prints_where_and_why_and_exits_1(@TempDir Path dir) throws IOException {
        Path message = dir.resolve("orientation.json");
        Files.writeString(message, Files.readString(
                Path.of("mappings/departement/orientation/examples/orientation-pro-nir-15.input.json"))
                .replace("\"orientation\"", "\"orientationX\""));
        Run result = run("schema", "validate", "schemas/departement/orientation.schema.json", message.toString(),
                "--lang", "en");
        assertThat(result.code()).isEqualTo(CommandLine.FAILURES);
        assertThat(result.out()).contains("\"severity\" : \"error\"", "\"expression\"", "\"diagnostics\"")
                .contains("orientation");
    }

    @Test
    void schema_validate_speaks_french_when_asked(@TempDir Path dir) throws IOException {
        Path message = dir.resolve("orientation.json");
        Files.writeString(message, "{\"orientation\": \"pro\"}");
        Run french = run("schema", "validate", "schemas/departement/orientation.schema.json", message.toString(),
                "--lang", "fr");
        assertThat(french.code()).isEqualTo(CommandLine.FAILURES);
        assertThat(french.out()).contains("la clé obligatoire [dateDecision] est absente");
        Run english = run("schema", "validate", "schemas/departement/orientation.schema.json", message.toString(),
                "--lang", "en");
        assertThat(english.out()).contains("required key [dateDecision] not found");
        assertThat(SchemaValidateCommand.defaultLanguage("fr_FR.UTF-8")).isEqualTo("fr");
        assertThat(SchemaValidateCommand.defaultLanguage("C.UTF-8")).isEqualTo("en");
    }

    @Test
    void schema_validate_reads_json_that_is_not_json_as_a_structure_issue(@TempDir Path dir) throws IOException {
        Path message = dir.resolve("broken.json");
        Files.writeString(message, "{\"idDecision\": ");
        Run result = run("schema", "validate", "schemas/departement/orientation.schema.json", message.toString());
        assertThat(result.code()).isEqualTo(CommandLine.FAILURES);
        assertThat(result.out()).contains("\"code\" : \"structure\"", "line 1");
    }

    @Test
    void schema_validate_checks_an_xml_flux_against_its_xsd() {
        Run valid = run("schema", "validate", "schemas/caf/vrsb0801.xsd", FIXTURES.resolve("RSABEM.xml").toString());
        assertThat(valid.code()).as(valid.out() + valid.err()).isZero();
        Run invalid = run("schema", "validate", "schemas/caf/vrsb0801.xsd",
                FIXTURES.resolve("RSABEI_invalid.xml").toString());
        assertThat(invalid.code()).isEqualTo(CommandLine.FAILURES);
        assertThat(invalid.out()).contains("cvc-", "line ");
    }

    @Test
    void schema_validate_checks_a_csv_file_row_by_row() {
        Run result = run("schema", "validate", "schemas/france-travail/extract-spie.schema.json",
                FIXTURES.resolve("pe_extract_principal.csv").toString(), "--null", "NULL");
        assertThat(result.code()).as(result.out() + result.err()).isZero();
    }

    @Test
    void schema_validate_with_a_missing_file_is_a_usage_error() {
        Run result = run("schema", "validate", "schemas/departement/orientation.schema.json", "no-such-file.json");
        assertThat(result.code()).isEqualTo(CommandLine.USAGE);
        assertThat(result.err()).contains("no such file: no-such-file.json");
    }

    // partners

    @Test
    void partners_prints_the_routing_matrix() {
        Run result = run("partners");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("caf", "flux-rsa", "departement");
    }

    private static Path copyOfTheHub(Path target) {
        return HubHome.copyOfRepository(target);
    }
}
