package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import fr.spie.hub.support.SpecimenCopies;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Département's beneficiary import (carnet-de-bord template: BOM, CRLF, ';', a short last row) on its three
 * channels: REST, a file in its inbox, its Artemis queue. Each fault case gets its own precise outcome and nothing
 * else is affected.
 */
class DepartementBeneficiairesTest extends HubIntegrationTest {

    private static final String HEADER = "\uFEFFIdentifiant dans le SI*;Prénom*;Nom*;Date de naissance*;NIR;"
            + "Lieu de naissance;Téléphone;Email;Adresse;Adresse (complément);Code postal;Ville;Situation;"
            + "Numéro allocataire CAF/MSA;Identifiant Pôle emploi;Droits RSA;Droits ARE;Droits ASS;Prime d'activité;"
            + "RQTH;Zone de mobilité;Emploi recherché (code ROME);Niveau de formation;Structure;Accompagnateurs\r\n";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    private HttpResponse<String> post(byte[] csv) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/exchanges/departement/beneficiaires"))
                .header("X-API-Key", "demo-departement").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private String subjectOf(String exchangeId) {
        return journal.journeyOf(exchangeId).stream().filter(e -> e.step() == AuditEvent.Step.SUBJECT_RESOLVED)
                .map(AuditEvent::subject).findFirst().orElseThrow();
    }

    @Test
    void theSpecimenImportIsAcceptedRowByRowShortRowIncludedAndOnePersonTwiceIsOneSubject() throws Exception {
        HttpResponse<String> response = post(SpecimenCopies.csv(FIXTURES.resolve("import_beneficiaires.csv")));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("records").asInt()).isEqualTo(4);
        assertThat(report.path("accepted").asInt()).as(response.body()).isEqualTo(4);
        // Rows 2 and 3 are "Charlie Fondue" and "charlie fondue", same birth date, two SI ids: one person.
        String second = report.at("/outcomes/1/exchangeId").asText();
        String third = report.at("/outcomes/2/exchangeId").asText();
        assertThat(subjectOf(second)).isEqualTo(subjectOf(third));
        assertThat(subjectOf(report.at("/outcomes/0/exchangeId").asText())).isNotEqualTo(subjectOf(second));
        // The fourth row has 24 cells for 25 columns: read with its last cell empty (padShortRows).
        assertThat(report.at("/outcomes/3/status").asText()).isEqualTo("accepted");
        assertThat(response.body()).doesNotContain("Fondue").doesNotContain("Charlotte");
    }

    @Test
    void theBuggyImportDroppedInTheInboxIsReportedRowByRowAndItsValidRowGoesThrough() throws Exception {
        Path inbox = Files.createDirectories(DATA.resolve("inbox/departement"));
        String name = "import-buggy-" + unique() + ".csv";
        Path staging = Files.write(DATA.resolve(name + ".part"),
                SpecimenCopies.csv(FIXTURES.resolve("import_beneficiaires_buggy.csv")));
        Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        JsonNode report = awaitReport(DATA.resolve("reports/" + name + ".report.json"));
        assertThat(report.path("records").asInt()).isEqualTo(3);
        assertThat(report.path("accepted").asInt()).isEqualTo(1);
        assertThat(report.path("rejected").asInt()).isEqualTo(2);
        JsonNode missingDate = report.at("/outcomes/0/outcome/issue/0");
        assertThat(missingDate.path("code").asText()).isEqualTo("required");
        assertThat(missingDate.at("/expression/0").asText()).isEqualTo("row[1][\"Date de naissance*\"]");
        JsonNode wrongDate = report.at("/outcomes/1/outcome/issue/0");
        assertThat(wrongDate.path("code").asText()).isEqualTo("value");
        assertThat(wrongDate.at("/expression/0").asText()).isEqualTo("row[2][\"Date de naissance*\"]");
        assertThat(report.toString()).doesNotContain("19970-04-22");
        assertThat(report.at("/outcomes/2/status").asText()).isEqualTo("accepted");
        awaitGone(inbox.resolve(name));
        assertThat(Files.walk(DATA.resolve("archive/departement")).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.endsWith(name));
    }

    @Test
    void aWindows1252ImportIsRefusedAsAWholeSayingItsCharacterSet() throws Exception {
        String csv = HEADER.substring(1) + "E-" + unique() + ";Hélène;Lefèvre;1988-09-14;;;;;;;;;;;;;;;;;;;;;\r\n";
        HttpResponse<String> response = post(csv.getBytes(Charset.forName("windows-1252")));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("severity").asText()).isEqualTo("fatal");
        assertThat(issue.path("code").asText()).isEqualTo("invalid");
        assertThat(issue.path("diagnostics").asText()).contains("character set");
    }

    @Test
    void anImportCutWithCommasIsRefusedNamingTheSeparator() throws Exception {
        String csv = HEADER.replace(';', ',') + "S-" + unique() + ",Paul,Durand,1990-01-02,,,,,,,,,,,,,,,,,,,,,\r\n";
        HttpResponse<String> response = post(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("code").asText()).isEqualTo("required");
        assertThat(issue.at("/expression/0").asText()).isEqualTo("header");
        assertThat(issue.path("diagnostics").asText()).contains("separated by ','").contains("';' is expected");
    }

    @Test
    void anImportWithoutItsMandatoryBirthDateColumnIsRefusedNamingIt() throws Exception {
        String csv = "Identifiant dans le SI*;Prénom*;Nom*;NIR\r\nC-" + unique() + ";Paul;Durand;\r\n";
        HttpResponse<String> response = post(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("code").asText()).isEqualTo("required");
        assertThat(issue.path("diagnostics").asText()).contains("Date de naissance*");
    }

    @Test
    void anUnknownRsaRightsCodeRefusesItsRowAloneNamingTheColumn() throws Exception {
        String csv = HEADER
                + "U-" + unique() + ";Paul;Durand-" + unique() + ";1990-01-02;;;;;;;;;;;;rsa_peut_etre;;;;;;;;;\r\n"
                + "U-" + unique() + ";Anne;Durand-" + unique() + ";1991-02-03;;;;;;;;;;;;rsa_clos;;;;;;;;;\r\n";
        HttpResponse<String> response = post(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("accepted").asInt()).isEqualTo(1);
        JsonNode issue = report.at("/outcomes/0/outcome/issue/0");
        assertThat(issue.path("code").asText()).isEqualTo("value");
        assertThat(issue.at("/expression/0").asText()).isEqualTo("row[1][\"Droits RSA\"]");
        assertThat(report.at("/outcomes/1/status").asText()).isEqualTo("accepted");
    }

    @Test
    void theImportSentOnTheDepartementQueueIsAnsweredWithItsReport() throws Exception {
        String correlation = UUID.randomUUID().toString();
        String csv = HEADER + "Q-" + unique() + ";Inès;Queue-" + unique() + ";1993-06-30;;;;;;;;;;;;"
                + "rsa_droit_ouvert_versable;Non;Non;Oui;;10;K2204;NV4;CD 07;\r\n";
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            departement.send("spie.inbound.departement", csv, Map.of("spie-message-type", "beneficiaires",
                    "spie-correlation-id", correlation));
            List<Message> answers = departement.receive("spie.outbound.departement",
                    m -> correlation.equals(m.getStringProperty("spie-correlation-id")), 1, 30_000);
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).getStringProperty("spie-message-type")).isEqualTo("receipt");
            JsonNode report = json.readTree(((TextMessage) answers.get(0)).getText());
            assertThat(report.path("accepted").asInt()).isEqualTo(1);
        }
    }

    private JsonNode awaitReport(Path file) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(file) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(file).exists();
        return json.readTree(file.toFile());
    }

    private static void awaitGone(Path file) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (Files.exists(file) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

}
