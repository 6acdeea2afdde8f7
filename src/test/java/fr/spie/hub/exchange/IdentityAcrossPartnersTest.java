package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.identity.Nir;
import fr.spie.hub.identity.SubjectPseudonymizer;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.generate.FranceTravailExtractGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One person, five partners' messages, one pseudonymous subject: the Département knows her NIR, France Travail and
 * i-milo do not (name, first name, birth date and their own ids), their later messages carry only their ids. Conflicts
 * (two NIRs for one partner id, a NIR that disagrees with the birth year) are warnings in the answer and the audit,
 * never a merge. The people are fictitious.
 */
class IdentityAcrossPartnersTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    @Autowired
    SubjectPseudonymizer pseudonyms;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String partner, String messageType, String contentType, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/exchanges/" + partner
                        + "/" + messageType)).header("X-API-Key", "demo-" + partner).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private AuditEvent resolution(String exchangeId) {
        return journal.journeyOf(exchangeId).stream().filter(e -> e.step() == AuditEvent.Step.SUBJECT_RESOLVED)
                .findFirst().orElseThrow();
    }

    /** The exchange id of the only record of a batch answer, or of a single message's receipt; fails unless accepted. */
    private String accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = json.readTree(response.body());
        if (answer.has("outcomes")) {
            assertThat(answer.path("accepted").asInt()).as(response.body()).isEqualTo(1);
            return answer.at("/outcomes/0/exchangeId").asText();
        }
        return answer.path("exchangeId").asText();
    }

    private static String beneficiaryRow(String siId, String firstName, String lastName, String birthDate, String nir,
                                         String jobSeekerNumber) {
        return "Identifiant dans le SI*;Prénom*;Nom*;Date de naissance*;NIR;Identifiant Pôle emploi\r\n"
                + siId + ";" + firstName + ";" + lastName + ";" + birthDate + ";" + nir + ";" + jobSeekerNumber + "\r\n";
    }

    @Test
    void oneWomanKnownByFivePartnersIsOneSubject() throws Exception {
        // A NIR of the right shape for her (woman, born May 2003 in Ardèche), its key computed.
        String nir13 = "20305070" + String.format("%05d", (int) (Math.random() * 99_999));
        String nir = Nir.parse(nir13).withKey();
        String firstName = "Maëlys" + unique().replaceAll("[0-9]", "");
        String siId = "CD07-" + unique();
        String numeroDE = unique().substring(0, 7).toUpperCase() + "X";
        String ftId = UUID.randomUUID().toString();
        String idJeune = "J" + unique();
        String expected = pseudonyms.forNir(Nir.parse(nir));

        // 1. The Département's import: NIR, SI id, job seeker number.
        String departement = accepted(post("departement", "beneficiaires", "text/csv",
                beneficiaryRow(siId, firstName, "Roux-Delage", "2003-05-14", nir, numeroDE)));
        assertThat(resolution(departement).subject()).isEqualTo(expected);

        // 2. France Travail's extract: no NIR; name spelt without accents or hyphen, its own id.
        String row = FranceTravailExtractGenerator.HEADER + "\n" + ftId + ";MME;ROUX DELAGE;"
                + SubjectPseudonymizer.normaliseName(firstName) + ";NULL;NULL;2003-05-14 00:00:00.0"
                + ";NULL".repeat(36) + ";O\n";
        String extract = accepted(post("france-travail", "extract-spie", "text/csv", row));
        assertThat(resolution(extract).subject()).isEqualTo(expected);

        // 3. France Travail's actions: its id only.
        String action = accepted(post("france-travail", "actions", "text/csv",
                "identifiant_unique_de;codeaction;lblaction;objectif_formation;date_prescription;"
                        + "date_realisation_action;date_prev_debut;date_debut;date_fin;formation;adr.dc_commune_id\n"
                        + ftId + ";EFO;UNE FORMATION;NULL;2024-04-20 00:00:00.0;NULL;NULL;NULL;NULL;NULL;07010\n"));
        assertThat(resolution(action).subject()).isEqualTo(expected);

        // 4. i-milo's dossier: no NIR, the job seeker number, her idJeune.
        ObjectNode dossier = json.createObjectNode();
        dossier.put("idDossier", "D-" + idJeune);
        dossier.put("idJeune", idJeune);
        dossier.put("numeroDE", numeroDE);
        dossier.put("nomNaissance", "Roux-Delage");
        dossier.put("prenom", firstName);
        dossier.put("dateNaissance", "2003-05-14");
        String youth = accepted(post("mission-locale", "dossier", "application/json", dossier.toString()));
        assertThat(resolution(youth).subject()).isEqualTo(expected);

        // 5. i-milo's event feed: the idJeune only.
        ObjectNode event = json.createObjectNode();
        event.put("identifiant", "evt-" + unique());
        event.put("idDossier", "D-" + idJeune);
        event.put("idJeune", idJeune);
        event.put("type", "RDV");
        event.put("action", "CREATE");
        event.put("idType", "rdv-" + unique());
        event.put("date", "2024-03-05T09:30:00+01:00");
        String feed = accepted(post("mission-locale", "evenement", "application/json", event.toString()));
        assertThat(resolution(feed).subject()).isEqualTo(expected);

        for (String exchangeId : List.of(departement, extract, action, youth, feed)) {
            AuditEvent resolved = resolution(exchangeId);
            assertThat(resolved.outcome()).as(resolved.detail()).isEqualTo(AuditEvent.Outcome.OK);
            assertThat(resolved.detail()).doesNotContain(nir13).doesNotContain(firstName);
        }
    }

    @Test
    void twoNirsForOneDepartementIdAreAWarningInTheReportAndTheAuditNeverAMerge() throws Exception {
        String siId = "CD07-" + unique();
        String first = Nir.parse("18503070" + String.format("%05d", (int) (Math.random() * 99_999))).withKey();
        String second = Nir.parse("28503070" + String.format("%05d", (int) (Math.random() * 99_999))).withKey();
        accepted(post("departement", "beneficiaires", "text/csv",
                beneficiaryRow(siId, "Jules", "Martin-" + unique().replaceAll("[0-9]", ""), "1985-03-02", first, "")));

        HttpResponse<String> response = post("departement", "beneficiaires", "text/csv",
                beneficiaryRow(siId, "Julie", "Martin-" + unique().replaceAll("[0-9]", ""), "1985-03-02", second, ""));
        String exchangeId = accepted(response);
        JsonNode warning = json.readTree(response.body()).at("/outcomes/0/outcome/issue/0");
        assertThat(warning.path("severity").asText()).isEqualTo("warning");
        assertThat(warning.path("code").asText()).isEqualTo("conflict");
        assertThat(warning.at("/expression/0").asText()).isEqualTo("data.person.departementId");
        assertThat(warning.path("diagnostics").asText()).contains("departement-id").doesNotContain(siId);

        AuditEvent resolved = resolution(exchangeId);
        assertThat(resolved.outcome()).isEqualTo(AuditEvent.Outcome.WARNING);
        assertThat(resolved.detail()).contains("conflict").contains("departementId").doesNotContain(siId);
        // Not merged: the second person keeps her own NIR's subject.
        assertThat(resolved.subject()).isEqualTo(pseudonyms.forNir(Nir.parse(second)))
                .isNotEqualTo(pseudonyms.forNir(Nir.parse(first)));
    }

    @Test
    void aNirThatDisagreesWithTheBirthYearIsAcceptedWithAWarningInTheReceiptAndTheAudit() throws Exception {
        // The NIR says born in 1985, the message says 1986.
        String nir = Nir.parse("18503070" + String.format("%05d", (int) (Math.random() * 99_999))).withKey();
        ObjectNode message = json.createObjectNode();
        message.put("idDecision", "ORI-" + unique());
        message.put("dateDecision", "2024-03-05");
        message.put("orientation", "pro");
        message.put("statut", "validee");
        ObjectNode person = message.putObject("beneficiaire");
        person.put("nir", nir);
        person.put("nom", "FAURE");
        person.put("prenom", "JULIEN");
        person.put("dateNaissance", "1986-03-14");
        HttpResponse<String> response = post("departement", "orientation", "application/json", message.toString());
        String exchangeId = accepted(response);
        JsonNode warning = json.readTree(response.body()).at("/outcome/issue/0");
        assertThat(warning.path("severity").asText()).isEqualTo("warning");
        assertThat(warning.path("code").asText()).isEqualTo("invariant");
        assertThat(warning.path("diagnostics").asText()).contains("birth year");
        assertThat(response.body()).doesNotContain(nir.substring(0, 13));

        AuditEvent resolved = resolution(exchangeId);
        assertThat(resolved.outcome()).isEqualTo(AuditEvent.Outcome.WARNING);
        assertThat(resolved.detail()).contains("invariant").contains("birth year");
    }
}
