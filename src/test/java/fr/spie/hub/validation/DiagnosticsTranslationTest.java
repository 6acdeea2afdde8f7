package fr.spie.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The French table: the hub's English diagnostics in French, field names and codes kept, unknown texts untouched. */
class DiagnosticsTranslationTest {

    private final DiagnosticsTranslation french = DiagnosticsTranslation.french();

    @Test
    void json_schema_xsd_and_the_hubs_own_diagnostics_read_in_french() {
        assertThat(french.translate("required key [idDecision] not found"))
                .isEqualTo("la clé obligatoire [idDecision] est absente");
        assertThat(french.translate("expected maxLength: 13, actual: 15"))
                .isEqualTo("longueur maximale : 13, obtenue : 15");
        assertThat(french.translate("The content of element 'InfosFoyerRSA' is not complete. One of "
                + "'{Personne, DonneesAdministratives}' is expected. (cvc-complex-type.2.4.b)"))
                .isEqualTo("le contenu de l'élément 'InfosFoyerRSA' est incomplet : l'un de "
                        + "'{Personne, DonneesAdministratives}' est attendu. (cvc-complex-type.2.4.b)");
        assertThat(french.translate("NIR must have 13 characters (15 with its key), got 11"))
                .isEqualTo("le NIR doit avoir 13 caractères (15 avec sa clé), il en a 11");
        assertThat(french.translate("The file announces 3 record(s) but holds 2"))
                .isEqualTo("le fichier annonce 3 enregistrement(s) mais en contient 2");
        assertThat(french.translate("Partner 'caf' has not declared the message type 'x$1'"))
                .isEqualTo("le partenaire 'caf' n'a pas déclaré le type de message 'x$1'");
    }

    @Test
    void a_parsers_position_reads_in_french_and_its_own_reason_is_kept() {
        // The parser's reason (Jackson, StAX) has no French; the hub's sentence and the position around it do.
        assertThat(french.translate("The document is not well-formed JSON at line 1, column 47: Unexpected "
                + "end-of-input within/between Object entries"))
                .isEqualTo("le document JSON n'est pas bien formé (ligne 1, colonne 47) : Unexpected "
                        + "end-of-input within/between Object entries");
        assertThat(french.translate("The document is not well-formed at line 1, column 32: The element type "
                + "\"oops\" must be terminated by the matching end-tag \"</oops>\"."))
                .isEqualTo("le document n'est pas bien formé (ligne 1, colonne 32) : The element type "
                        + "\"oops\" must be terminated by the matching end-tag \"</oops>\".");
        assertThat(french.translate("Message type 'flux-rsa' takes application/xml or text/xml"))
                .isEqualTo("le type de message 'flux-rsa' accepte application/xml ou text/xml");
        assertThat(french.translate("Message type 'orientation' takes application/json"))
                .isEqualTo("le type de message 'orientation' accepte application/json");
    }

    @Test
    void a_text_no_rule_knows_stays_in_english_and_an_outcome_keeps_its_codes_and_paths() {
        assertThat(french.translate("Something new happened")).isEqualTo("Something new happened");
        OperationOutcome outcome = OperationOutcome.of(OperationOutcome.Issue.error(OperationOutcome.IssueType.REQUIRED,
                "beneficiaire.nir", "required key [nir] not found"));
        OperationOutcome translated = french.translate(outcome);
        assertThat(translated.issue()).singleElement().satisfies(issue -> {
            assertThat(issue.code()).isEqualTo(OperationOutcome.IssueType.REQUIRED);
            assertThat(issue.severity()).isEqualTo(OperationOutcome.Severity.ERROR);
            assertThat(issue.expression()).isEqualTo(List.of("beneficiaire.nir"));
            assertThat(issue.diagnostics()).isEqualTo("la clé obligatoire [nir] est absente");
        });
    }
}
