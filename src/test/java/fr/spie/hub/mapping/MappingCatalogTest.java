package fr.spie.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingCatalogTest {

    @Test
    void a_partner_sees_the_common_code_tables_and_its_own_override_them(@TempDir Path home) throws IOException {
        write(home.resolve("mappings/common/codes/SEXE.json"), "{\"1\": \"masculin\", \"2\": \"féminin\"}");
        write(home.resolve("mappings/common/codes/ETAT.json"), "{\"2\": \"commun\"}");
        write(home.resolve("mappings/caf/codes/ETAT.json"), "{\"2\": \"Droit ouvert et versable\"}");
        MappingCatalog catalog = new MappingCatalog(home);
        assertThat(catalog.codes("caf")).containsOnlyKeys("SEXE", "ETAT");
        assertThat(catalog.codes("caf").get("ETAT")).containsEntry("2", "Droit ouvert et versable");
        assertThat(catalog.codes("france-travail").get("ETAT")).containsEntry("2", "commun");
    }

    @Test
    void a_code_table_must_map_codes_to_labels(@TempDir Path home) throws IOException {
        write(home.resolve("mappings/caf/codes/BAD.json"), "{\"2\": {\"label\": \"x\"}}");
        assertThatThrownBy(() -> new MappingCatalog(home).codes("caf")).hasMessageContaining("BAD.json");
    }

    @Test
    void mappings_are_compiled_once_and_cached_by_path(@TempDir Path home) throws IOException {
        write(home.resolve("mappings/caf/x/to-canonical.jsonata"), "{\"a\": 1}");
        MappingCatalog catalog = new MappingCatalog(home);
        assertThat(catalog.mapping("mappings/caf/x/to-canonical.jsonata"))
                .isSameAs(catalog.mapping("mappings/caf/x/to-canonical.jsonata"));
    }

    @Test
    void a_missing_mapping_is_named() {
        assertThatThrownBy(() -> new MappingCatalog(Path.of("")).mapping("mappings/caf/nothing/to-canonical.jsonata"))
                .isInstanceOf(MappingException.class).hasMessageContaining("mappings/caf/nothing/to-canonical.jsonata");
    }

    @Test
    void the_caf_mapping_uses_the_caf_code_tables() {
        MappingCatalog catalog = MappingCatalog.ofWorkingDirectory();
        assertThat(catalog.codes("caf").get("ETATDOSRSA")).hasSize(7);
        assertThat(MappingCatalog.partnerOf("mappings/caf/flux-rsa/to-canonical.jsonata")).isEqualTo("caf");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
