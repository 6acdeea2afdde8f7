package fr.spie.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JsonataMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NIR = "2820251108030";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void binds_codes_header_and_context() throws Exception {
        JsonataMapping mapping = JsonataMapping.compile("m.jsonata",
                "{\"label\": $lookup($codes.ETAT, code), \"ref\": $header.IdentificationFlux.DTREF, \"from\": $context.partner}");
        MappingContext context = MappingContext.of(Map.of("ETAT", Map.of("2", "Droit ouvert et versable")),
                json("{\"IdentificationFlux\": {\"DTREF\": \"2022-02-28\"}}"), "caf", "flux-rsa", "x-1", null);
        assertThat(mapping.apply(json("{\"code\": \"2\"}"), context)).isEqualTo(json(
                "{\"label\": \"Droit ouvert et versable\", \"ref\": \"2022-02-28\", \"from\": \"caf\"}"));
    }

    @Test
    void an_evaluation_error_names_the_mapping_but_not_the_input_values() throws Exception {
        JsonataMapping mapping = JsonataMapping.compile("mappings/x/y/to-canonical.jsonata", "{\"n\": nir + 1}");
        assertThatThrownBy(() -> mapping.apply(json("{\"nir\": \"" + NIR + "\"}"), MappingContext.empty()))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("mappings/x/y/to-canonical.jsonata: evaluation failed")
                .hasMessageContaining("+")
                .hasMessageNotContaining(NIR);
    }

    @Test
    void an_error_raised_by_the_mapping_with_input_values_is_hidden() throws Exception {
        JsonataMapping mapping = JsonataMapping.compile("m.jsonata", "$error(\"bad NIR \" & nir)");
        assertThatThrownBy(() -> mapping.apply(json("{\"nir\": \"" + NIR + "\"}"), MappingContext.empty()))
                .isInstanceOf(MappingException.class).hasMessageNotContaining(NIR);
    }

    @Test
    void a_result_that_is_not_an_object_is_refused() throws Exception {
        JsonataMapping mapping = JsonataMapping.compile("m.jsonata", "nir");
        assertThatThrownBy(() -> mapping.apply(json("{\"nir\": \"" + NIR + "\"}"), MappingContext.empty()))
                .isInstanceOf(MappingException.class).hasMessageContaining("must be a JSON object, got a string")
                .hasMessageNotContaining(NIR);
        assertThatThrownBy(() -> mapping.apply(json("{}"), MappingContext.empty()))
                .hasMessageContaining("got nothing");
    }

    @Test
    void a_syntax_error_is_reported_at_load() {
        assertThatThrownBy(() -> JsonataMapping.compile("m.jsonata", "{\"a\": nir"))
                .isInstanceOf(MappingException.class).hasMessageContaining("m.jsonata: does not compile");
    }

    @Test
    void json_types_survive_the_round_trip() throws Exception {
        JsonataMapping mapping = JsonataMapping.compile("m.jsonata", "$");
        JsonNode input = json("{\"s\": \"a\", \"i\": 7, \"d\": 1.5, \"b\": false, \"n\": null, \"l\": [1, {\"x\": []}]}");
        assertThat(mapping.apply(input, MappingContext.empty())).isEqualTo(input);
    }

    @Test
    void one_compiled_mapping_serves_many_threads() throws Exception {
        JsonataMapping mapping = JsonataMapping.compile("m.jsonata", "{\"twice\": [items.($ * 2)], \"who\": name}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> runs = IntStream.range(0, 400).mapToObj(i -> pool.submit(() -> {
                JsonNode out = mapping.apply(json("{\"name\": \"p" + i + "\", \"items\": [" + i + ", 1]}"),
                        MappingContext.empty());
                return out.equals(json("{\"twice\": [" + (2 * i) + ", 2], \"who\": \"p" + i + "\"}"));
            })).toList();
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
