package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.generate.FranceTravailExtractGenerator;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
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
 * France Travail's SPIE extract through a file in its inbox and its Artemis queue, and one precise outcome per fault
 * (wrong date format, unknown code, wrong separator, missing mandatory column, wrong encoding), the faultless rows of
 * the same file going through. Cap emploi's JSON gets its own fault case. The people are fictitious.
 */
class FranceTravailExtractFaultsTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).replaceAll("[0-9]", "X");
    }

    /** One extract row of a fictitious job seeker, as France Travail writes it (NULL cells, timestamps). */
    private static String row(String birth, String brsa) {
        return UUID.randomUUID() + ";MME;MOREAU" + unique() + ";CAMILLE;NULL;NULL;" + birth + ";NULL".repeat(36)
                + ";" + brsa + "\n";
    }

    private HttpResponse<String> post(String partner, String messageType, String contentType, byte[] body)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/exchanges/" + partner + "/" + messageType)).header("X-API-Key", "demo-" + partner)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void anExtractDroppedInItsInboxFolderReportsAWrongDateAndAnUnknownCodeRowByRowAndTakesTheRest() throws Exception {
        String csv = FranceTravailExtractGenerator.HEADER + "\n"
                + row("1990-01-02 00:00:00.0", "O")
                + row("02/01/1990", "O")               // a French date where a timestamp is expected
                + row("1991-03-04 00:00:00.0", "X")    // brsa is O or N
                + row("1992-05-06 00:00:00.0", "O");
        Path inbox = Files.createDirectories(DATA.resolve("inbox/france-travail/extract-spie"));
        String name = "extract-" + unique() + ".csv";
        Path staged = Files.writeString(DATA.resolve(name + ".part"), csv);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        Path reportFile = DATA.resolve("reports/" + name + ".report.json");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(reportFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        JsonNode report = json.readTree(reportFile.toFile());
        assertThat(report.path("records").asInt()).isEqualTo(4);
        assertThat(report.path("accepted").asInt()).isEqualTo(2);
        JsonNode date = report.at("/outcomes/1/outcome/issue/0");
        assertThat(date.path("code").asText()).isEqualTo("value");
        assertThat(date.at("/expression/0").asText()).isEqualTo("row[2].date_naissance");
        assertThat(report.toString()).doesNotContain("02/01/1990");
        JsonNode code = report.at("/outcomes/2/outcome/issue/0");
        assertThat(code.path("code").asText()).isEqualTo("value");
        assertThat(code.at("/expression/0").asText()).isEqualTo("row[3].brsa");
        assertThat(report.at("/outcomes/0/status").asText()).isEqualTo("accepted");
        assertThat(report.at("/outcomes/3/status").asText()).isEqualTo("accepted");
    }

    @Test
    void anExtractCutWithCommasGets422NamingTheSeparator() throws Exception {
        String csv = FranceTravailExtractGenerator.HEADER.replace(';', ',') + "\n"
                + row("1990-01-02 00:00:00.0", "O").replace(';', ',');
        HttpResponse<String> response = post("france-travail", "extract-spie", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("severity").asText()).isEqualTo("fatal");
        assertThat(issue.path("diagnostics").asText()).contains("separated by ','");
    }

    @Test
    void anExtractWithoutItsPrenomColumnGets422NamingIt() throws Exception {
        String csv = "identifiant_unique_de;civilite;nom;date_naissance;brsa\n"
                + UUID.randomUUID() + ";MME;MOREAU" + unique() + ";1990-01-02 00:00:00.0;O\n";
        HttpResponse<String> response = post("france-travail", "extract-spie", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/warnings/0");
        assertThat(issue.path("code").asText()).isEqualTo("required");
        assertThat(issue.path("diagnostics").asText()).contains("prenom");
    }

    @Test
    void aWindows1252ExtractGets422SayingItsCharacterSet() throws Exception {
        String csv = FranceTravailExtractGenerator.HEADER + "\n"
                + row("1990-01-02 00:00:00.0", "O").replace("CAMILLE", "HÉLÈNE");
        HttpResponse<String> response = post("france-travail", "extract-spie", "text/csv",
                csv.getBytes(Charset.forName("windows-1252")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).at("/warnings/0/diagnostics").asText()).contains("character set");
    }

    @Test
    void anExtractSentOnFranceTravailsQueueIsAnsweredWithItsReport() throws Exception {
        String correlation = UUID.randomUUID().toString();
        String csv = FranceTravailExtractGenerator.HEADER + "\n" + row("1990-01-02 00:00:00.0", "O");
        try (PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            franceTravail.send("spie.inbound.france-travail", csv, Map.of("spie-message-type", "extract-spie",
                    "spie-correlation-id", correlation));
            List<Message> answers = franceTravail.receive("spie.outbound.france-travail",
                    m -> correlation.equals(m.getStringProperty("spie-correlation-id")), 1, 30_000);
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).getStringProperty("spie-message-type")).isEqualTo("receipt");
            assertThat(json.readTree(((TextMessage) answers.get(0)).getText()).path("accepted").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCapEmploiMessageWithAFrenchBirthDateGets422NamingTheField() throws Exception {
        String message = Files.readString(Path.of(
                "mappings/cap-emploi/suivi/examples/suivi-immersion-sans-nir.input.json"))
                .replace("1986-11-02", "02/11/1986").replace("CE007-2024-000342", "CE007-" + unique());
        HttpResponse<String> response = post("cap-emploi", "suivi", "application/json",
                message.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = json.readTree(response.body()).at("/issue/0");
        assertThat(issue.path("code").asText()).isEqualTo("value");
        assertThat(issue.at("/expression/0").asText()).isEqualTo("beneficiaire.dateNaissance");
        assertThat(response.body()).doesNotContain("02/11/1986");
    }
}
