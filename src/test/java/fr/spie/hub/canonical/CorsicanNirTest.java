package fr.spie.hub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.validation.JsonSchemaValidator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * People born in Corsica have 2A or 2B in positions 6-7 of their NIR: every schema that carries a NIR takes them,
 * and only there (a generated flux of 5,000 households had 79 of them refused before this was right).
 */
class CorsicanNirTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORSICAN = "176022A004003";

    private static boolean valid(String schema, String example, String pointerToNir, String nir) throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(Path.of(example).toFile());
        ((ObjectNode) document.at(pointerToNir.substring(0, pointerToNir.lastIndexOf('/'))))
                .put(pointerToNir.substring(pointerToNir.lastIndexOf('/') + 1), nir);
        return !JsonSchemaValidator.load(Path.of(schema)).validate(document).hasErrors();
    }

    @Test
    void theCanonicalHouseholdTakesCorsicanNirsAndRefusesALetterElsewhere() throws Exception {
        String schema = "schemas/canonical/rsa-household.schema.json";
        String event = "mappings/departement/rsa-household/examples/foyer-droit-clos.input.json";
        assertThat(valid(schema, event, "/data/persons/0/identity/nir", CORSICAN)).isTrue();
        assertThat(valid(schema, event, "/data/persons/0/identity/nir", "1760220A04003")).isFalse();
    }

    @Test
    void theDepartementsHouseholdTakesCorsicanNirs() throws Exception {
        assertThat(valid("schemas/departement/foyer-rsa.schema.json",
                "mappings/departement/rsa-household/examples/foyer-droit-clos.expected.json",
                "/beneficiaires/0/nir", CORSICAN)).isTrue();
    }
}
