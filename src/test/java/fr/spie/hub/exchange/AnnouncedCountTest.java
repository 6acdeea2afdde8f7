package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flux announces its household count in its trailer: a mismatch is a warning, never a rejection. */
class AnnouncedCountTest {

    private static final String AT = "TransmissionFlux.NBTOTDOSRSATRANSM";

    private static Map<String, ObjectNode> trailer(String count) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("NBTOTDOSRSATRANSM", count);
        return Map.of("TransmissionFlux", node);
    }

    @Test
    void theRightCountSaysNothing() {
        assertThat(BatchReceiver.checkAnnouncedCount(AT, trailer("00000002"), 2).issue()).isEmpty();
    }

    @Test
    void anotherCountIsAWarningThatNamesBoth() {
        var issues = BatchReceiver.checkAnnouncedCount(AT, trailer("00000001"), 2);
        assertThat(issues.hasErrors()).isFalse();
        assertThat(issues.warnings()).singleElement().satisfies(w -> {
            assertThat(w.expression()).containsExactly(AT);
            assertThat(w.diagnostics()).contains("announces 1").contains("holds 2");
        });
    }

    @Test
    void aMissingTrailerIsAWarningToo() {
        assertThat(BatchReceiver.checkAnnouncedCount(AT, Map.of(), 3).warnings()).hasSize(1);
    }

    @Test
    void aTypeThatAnnouncesNothingIsNotChecked() {
        assertThat(BatchReceiver.checkAnnouncedCount(null, Map.of(), 3).issue()).isEmpty();
    }
}
