package fr.spie.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.EveritSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every mapping carries its proof: each example must give its expected output and satisfy its schema. */
class MappingExamplesTest {

    private final MappingExamples examples = MappingExamples.of(Path.of(""), new EveritSchemas());

    @TestFactory
    Stream<DynamicTest> every_example_of_every_mapping_gives_its_expected_output() {
        assertThat(examples.examples()).as("examples found").isNotEmpty();
        return examples.examples().stream().map(example -> DynamicTest.dynamicTest(example.displayName(), () -> {
            MappingExamples.Result result = examples.run(example);
            // XML examples need XmlRecordFormat (validation branch): until then they are reported as not run.
            Assumptions.assumeTrue(result.status() != MappingExamples.Status.SKIPPED, result::report);
            assertThat(result.passed()).as(result::report).isTrue();
        }));
    }

    @Test
    void every_mapping_named_by_a_partner_file_has_examples() {
        assertThat(examples.mappingsWithoutExamples()).as("mappings without any example").isEmpty();
    }

    @Test
    void every_mapping_has_at_least_two_examples() {
        assertThat(examples.examples().stream()
                .collect(java.util.stream.Collectors.groupingBy(MappingExamples.Example::mapping,
                        java.util.stream.Collectors.counting())))
                .allSatisfy((mapping, count) -> assertThat(count).as(mapping).isGreaterThanOrEqualTo(2));
    }

    // The runner itself must be able to fail: a wrong expected output, a missing example, an invalid result.

    @Test
    void a_wrong_expected_output_fails_with_the_path_of_each_difference(@TempDir Path home) throws IOException {
        TinyHub hub = TinyHub.in(home);
        hub.example("one", "{\"N\": \" 007 \"}", "{\"number\": \"008\", \"extra\": 1}");
        MappingExamples.Result result = hub.examples().runAll().get(0);
        assertThat(result.status()).isEqualTo(MappingExamples.Status.FAILED);
        assertThat(result.problems()).contains("$.number: expected \"008\", actual \"007\"",
                "$.extra: expected 1, actual (absent)");
    }

    @Test
    void a_matching_example_passes_whatever_the_member_order_and_number_spelling(@TempDir Path home) throws IOException {
        TinyHub hub = TinyHub.in(home);
        hub.example("one", "{\"N\": \"007\", \"A\": \"0001675.00\"}", "{\"amount\": 1675.0, \"number\": \"007\"}");
        MappingExamples.Result result = hub.examples().runAll().get(0);
        assertThat(result.passed()).as(result::report).isTrue();
    }

    @Test
    void a_result_outside_the_canonical_schema_fails(@TempDir Path home) throws IOException {
        TinyHub hub = TinyHub.in(home);
        hub.example("one", "{\"N\": \"\"}", "{}");
        MappingExamples.Result result = hub.examples().runAll().get(0);
        assertThat(result.status()).isEqualTo(MappingExamples.Status.FAILED);
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("result does not satisfy")
                .contains("number"));
    }

    @Test
    void a_referenced_mapping_without_examples_is_reported(@TempDir Path home) throws IOException {
        TinyHub hub = TinyHub.in(home);
        assertThat(hub.examples().mappingsWithoutExamples()).containsExactly("mappings/acme/thing/to-canonical.jsonata");
    }

    @Test
    void an_example_without_expected_output_fails(@TempDir Path home) throws IOException {
        TinyHub hub = TinyHub.in(home);
        hub.example("one", "{\"N\": \"007\"}", null);
        MappingExamples.Result result = hub.examples().runAll().get(0);
        assertThat(result.status()).isEqualTo(MappingExamples.Status.FAILED);
        assertThat(result.problems().get(0)).startsWith("no expected output");
    }

    /** A hub home with one partner, one inbound JSON type and its to-canonical mapping; no example yet. */
    private record TinyHub(Path home) {

        static TinyHub in(Path home) throws IOException {
            write(home.resolve("config/partners/acme.yaml"), """
                    id: acme
                    name: Acme
                    inbound:
                      - messageType: thing
                        format: json
                        mapping: mappings/acme/thing/to-canonical.jsonata
                        eventType: fr.spie.thing
                        purpose: testing
                    """);
            write(home.resolve("mappings/acme/thing/to-canonical.jsonata"),
                    "{\"number\": $trim(N) = \"\" ? undefined : $trim(N), \"amount\": A ? $number(A)}");
            write(home.resolve("schemas/canonical/cloudevent.schema.json"),
                    Files.readString(Path.of("schemas/canonical/cloudevent.schema.json")));
            write(home.resolve("schemas/canonical/thing.schema.json"), """
                    {"$schema": "http://json-schema.org/draft-07/schema#",
                     "allOf": [{"$ref": "cloudevent.schema.json"},
                               {"properties": {"data": {"type": "object", "required": ["number"]}}}]}
                    """);
            return new TinyHub(home);
        }

        void example(String name, String input, String expected) throws IOException {
            Path dir = home.resolve("mappings/acme/thing/examples");
            write(dir.resolve(name + ".input.json"), input);
            if (expected != null) {
                write(dir.resolve(name + ".expected.json"), expected);
            }
        }

        MappingExamples examples() {
            return MappingExamples.of(home, new EveritSchemas());
        }

        private static void write(Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
    }
}
