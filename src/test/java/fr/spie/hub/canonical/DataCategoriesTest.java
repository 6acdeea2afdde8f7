package fr.spie.hub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The categories an event carries are read from its schema's tags, for the fields actually present. */
class DataCategoriesTest {

    private final CanonicalSchemas schemas = new CanonicalSchemas(Path.of("schemas/canonical"));

    @Test
    void fieldsOfTheHouseholdHaveTheirSchemasCategories() {
        DataCategories categories = schemas.categoriesOf("fr.spie.rsa-household");
        assertThat(categories.categoryOf("persons.identity.nir")).isEqualTo("identity");
        assertThat(categories.categoryOf("departement")).isNotNull();
    }

    @Test
    void onlyTheCategoriesOfPresentFieldsAreListed() throws Exception {
        DataCategories categories = schemas.categoriesOf("fr.spie.rsa-household");
        var data = new ObjectMapper().readTree("{\"persons\": [{\"identity\": {\"nir\": \"x\"}}]}");
        assertThat(categories.presentIn(data)).containsExactly("identity");
    }

    @Test
    void anUnknownFieldHasNoCategory() {
        assertThat(schemas.categoriesOf("fr.spie.rsa-household").categoryOf("noSuchField")).isNull();
    }
}
