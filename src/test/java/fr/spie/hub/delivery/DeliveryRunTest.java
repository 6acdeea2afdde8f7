package fr.spie.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.canonical.CanonicalEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tree the recipients' mappings read is made by hand around the event's data ({@link DeliveryRun#treeOf}): it must
 * be exactly what Jackson's {@code valueToTree} made before, fields in the same order (a mapping may iterate them).
 */
class DeliveryRunTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper HUB = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static List<CanonicalEvent> canonicalExamples() throws Exception {
        List<CanonicalEvent> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("mappings"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".input.json")).sorted().toList()) {
                String text = Files.readString(file);
                if (text.contains("\"specversion\"")) {
                    events.add(PLAIN.readValue(text, CanonicalEvent.class));
                }
            }
        }
        return events;
    }

    @Test
    void theTreeIsWhatJacksonMakesOfTheEventFieldForFieldInOrder() throws Exception {
        List<CanonicalEvent> events = canonicalExamples();
        assertThat(events).hasSizeGreaterThan(10);
        for (CanonicalEvent event : events) {
            // With and without fields missing, and with no data at all.
            for (CanonicalEvent variant : List.of(event, event.withSubject(null),
                    event.withData(null, null), event.withData(event.data().deepCopy(), List.of()))) {
                for (ObjectMapper json : List.of(PLAIN, HUB)) {
                    assertThat(json.writeValueAsString(variant.toTree()))
                            .isEqualTo(json.writeValueAsString(json.valueToTree(variant)));
                }
            }
        }
    }

    @Test
    void theWholeEventsTreeIsMadeOnceAndSharesItsData() throws Exception {
        CanonicalEvent event = canonicalExamples().get(0);
        DeliveryRun run = new DeliveryRun(event, "caf", List.of());
        assertThat(run.eventTree()).isSameAs(run.eventTree());
        assertThat(run.eventTree().get("data")).isSameAs(event.data());
    }
}
