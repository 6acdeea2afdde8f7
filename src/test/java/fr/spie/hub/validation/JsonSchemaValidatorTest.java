package fr.spie.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.OperationOutcome.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

    private static final Path HOUSEHOLD_SCHEMA = Path.of("src/test/resources/json-schema/household.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonSchemaValidator household = JsonSchemaValidator.load(HOUSEHOLD_SCHEMA);

    @Test
    void aValidDocumentHasNoIssueEvenWithCustomKeywordsInTheSchema() throws Exception {
        assertThat(household.validate(json("""
                {"householdId": "01024041052", "status": "2",
                 "persons": [{"nir": "1234567890123", "lastName": "FICTIF", "birthDate": "1982-02-01"}]}
                """)).issue()).isEmpty();
    }

    @Test
    void aMissingPropertyInAReferencedSchemaPointsAtThatProperty() throws Exception {
        OperationOutcome outcome = household.validate(json("""
                {"householdId": "1", "persons": [{"nir": "1234567890123", "lastName": "FICTIF"}, {"lastName": "AUTRE"}]}
                """));

        assertThat(outcome.issue()).extracting(Issue::severity, Issue::code, Issue::expression)
                .containsExactly(tuple(Severity.ERROR, IssueType.REQUIRED, List.of("persons[1].nir")));
    }

    @Test
    void aMissingPropertyAtTheTopPointsAtThatProperty() throws Exception {
        OperationOutcome outcome = household.validate(json("{\"persons\": [{\"nir\": \"1234567890123\", \"lastName\": \"X\"}]}"));

        assertThat(outcome.issue()).extracting(Issue::code, Issue::expression)
                .containsExactly(tuple(IssueType.REQUIRED, List.of("householdId")));
    }

    @Test
    void aWrongRootTypeIsAValueIssueOnTheRoot() throws Exception {
        assertThat(household.validate(json("[]")).issue()).extracting(Issue::code, Issue::expression)
                .containsExactly(tuple(IssueType.VALUE, List.of("$")));
    }

    @Test
    void everyFailureBecomesOneIssueWithItsCodeAndPath() throws Exception {
        OperationOutcome outcome = household.validate(json("""
                {"householdId": "010240410521", "persons": [
                  {"nir": "1234567890123", "lastName": "FICTIF", "children": "two", "extra": true}]}
                """));

        assertThat(outcome.issue()).extracting(Issue::code, Issue::expression).containsExactlyInAnyOrder(
                tuple(IssueType.TOO_LONG, List.of("householdId")),
                tuple(IssueType.VALUE, List.of("persons[0].children")),
                tuple(IssueType.STRUCTURE, List.of("persons[0].extra")));
    }

    @Test
    void diagnosticsNeverQuoteTheInstanceValues() throws Exception {
        String nir = "12345678901";
        String name = "NOM-TRES-PERSONNEL-QUI-DEPASSE-TRENTE-CARACTERES";
        OperationOutcome outcome = household.validate(json("""
                {"householdId": "1", "status": "9",
                 "persons": [{"nir": "%s", "lastName": "%s", "birthDate": "LE-01-02-1982", "children": -3}]}
                """.formatted(nir, name)));

        assertThat(outcome.issue()).extracting(Issue::expression).contains(List.of("persons[0].nir"),
                List.of("persons[0].lastName"), List.of("persons[0].birthDate"), List.of("persons[0].children"),
                List.of("status"));
        assertThat(outcome.issue()).allSatisfy(issue -> assertThat(issue.diagnostics())
                .isNotBlank().doesNotContain(nir).doesNotContain(name).doesNotContain("LE-01-02-1982")
                .doesNotContain("-3 ").doesNotContain("9 is not"));
        assertThat(outcome.issue()).anySatisfy(issue -> assertThat(issue.diagnostics()).contains("value of 11 characters"));
    }

    @Test
    void theCacheLoadsEachSchemaOnce() {
        JsonSchemas schemas = new JsonSchemas();

        assertThat(schemas.validator(HOUSEHOLD_SCHEMA))
                .isSameAs(schemas.validator(Path.of("src/test/resources/json-schema/../json-schema/household.schema.json")));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
