package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hash of a record's tree is the SHA-256 of its compact JSON, whether hashed as written or from an array. */
class PayloadHashTest {

    @Test
    void aTreeHashesAsItsSerialisedBytes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree("""
                {"nom": "Lefèvre-d'Août", "enfants": [{"prénom": "Zoé", "âge": 4}, null, true, 1.5e3]}""");
        assertThat(PayloadHash.of(tree)).isEqualTo(PayloadHash.of(json.writeValueAsBytes(tree)))
                .isEqualTo(PayloadHash.of("{\"nom\":\"Lefèvre-d'Août\",\"enfants\":[{\"prénom\":\"Zoé\",\"âge\":4},null,true,1500.0]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasSize(64);
    }
}
