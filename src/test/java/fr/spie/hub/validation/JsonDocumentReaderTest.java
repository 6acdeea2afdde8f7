package fr.spie.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonDocumentReaderTest {

    private final JsonDocumentReader reader = new JsonDocumentReader();

    @Test
    void aWellFormedDocumentIsRead() {
        assertThat(reader.read(bytes("{\"nir\": \"1234567890123\", \"persons\": [1, 2]}")).at("/persons/1").asInt())
                .isEqualTo(2);
    }

    @Test
    void malformedJsonIsAStructureIssueWithItsPositionButNotItsContent() {
        Issue issue = refusal(bytes("{\n  \"nom\": FICTIF-PERSONNEL\n}"));

        assertThat(issue.code()).isEqualTo(IssueType.STRUCTURE);
        assertThat(issue.diagnostics()).contains("line 2, column").doesNotContain("FICTIF").doesNotContain("PERSONNEL");
    }

    @Test
    void aTruncatedDocumentIsAStructureIssue() {
        assertThat(refusal(bytes("{\"persons\": [{\"nir\": \"123")).code()).isEqualTo(IssueType.STRUCTURE);
    }

    @Test
    void duplicateKeysAreRefused() {
        Issue issue = refusal(bytes("{\"nir\": \"1234567890123\", \"nir\": \"2345678901234\"}"));

        assertThat(issue.code()).isEqualTo(IssueType.STRUCTURE);
        assertThat(issue.diagnostics()).contains("Duplicate field").doesNotContain("1234567890123")
                .doesNotContain("2345678901234");
    }

    @Test
    void trailingContentIsRefused() {
        assertThat(refusal(bytes("{} {\"nir\": 1}")).code()).isEqualTo(IssueType.STRUCTURE);
    }

    @Test
    void nestingDeeperThanTheLimitIsTooLong() {
        Issue issue = refusal(bytes("[".repeat(65) + "]".repeat(65)));

        assertThat(issue.code()).isEqualTo(IssueType.TOO_LONG);
        assertThat(issue.diagnostics()).contains("deeper than 64");
    }

    @Test
    void nestingAtTheLimitIsRead() {
        assertThat(reader.read(bytes("[".repeat(64) + "]".repeat(64))).isArray()).isTrue();
    }

    @Test
    void aDocumentLargerThanTheLimitIsTooLong() {
        JsonDocumentReader small = new JsonDocumentReader(64, 100);
        byte[] large = bytes("{\"note\": \"" + "x".repeat(200) + "\"}");

        assertThat(refusalBy(small, large).code()).isEqualTo(IssueType.TOO_LONG);
        UnreadableDocumentException streamed = catchThrowableOfType(
                () -> small.read(new ByteArrayInputStream(large)), UnreadableDocumentException.class);
        assertThat(streamed.outcome().issue().get(0).code()).isEqualTo(IssueType.TOO_LONG);
    }

    @Test
    void anEmptyDocumentIsAStructureIssue() {
        assertThat(refusal(new byte[0]).code()).isEqualTo(IssueType.STRUCTURE);
    }

    private Issue refusal(byte[] document) {
        return refusalBy(reader, document);
    }

    private static Issue refusalBy(JsonDocumentReader reader, byte[] document) {
        UnreadableDocumentException refused = catchThrowableOfType(() -> reader.read(document),
                UnreadableDocumentException.class);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.outcome().issue()).hasSize(1);
        return refused.outcome().issue().get(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
