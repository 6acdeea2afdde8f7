package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * France Travail's CSV extracts over REST: the SPIE extract names its job seekers (and links their ids to them);
 * the actions file, which names them by id only, then reaches the same people, and only them.
 */
class FranceTravailCsvApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private HttpResponse<String> postCsv(String messageType, String fixture) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/exchanges/france-travail/" + messageType))
                .header("X-API-Key", "demo-france-travail").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(FIXTURES.resolve(fixture))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theExtractIsAcceptedAndTheActionsOfItsJobSeekersFollow() throws Exception {
        HttpResponse<String> extract = postCsv("extract-spie", "pe_extract_principal.csv");
        assertThat(extract.statusCode()).isEqualTo(202);
        JsonNode extractReport = json.readTree(extract.body());
        assertThat(extractReport.path("records").asInt()).isEqualTo(4);
        assertThat(extractReport.path("accepted").asInt()).isEqualTo(4);

        Set<String> named = idsOf("pe_extract_principal.csv").stream().collect(Collectors.toSet());
        List<String> actionIds = idsOf("actions_example.csv");
        long ofNamedPeople = actionIds.stream().filter(named::contains).count();
        assertThat(ofNamedPeople).as("the specimens share job seekers").isPositive();

        HttpResponse<String> actions = postCsv("actions", "actions_example.csv");
        assertThat(actions.statusCode()).isEqualTo(202);
        JsonNode report = json.readTree(actions.body());
        assertThat(report.path("records").asInt()).isEqualTo(actionIds.size());
        assertThat(report.path("accepted").asLong()).isEqualTo(ofNamedPeople);
        for (JsonNode outcome : report.path("outcomes")) {
            if (outcome.path("status").asText().equals("rejected")) {
                assertThat(outcome.path("outcome").toString()).contains("identifiant-unique-de");
            }
        }
    }

    private static List<String> idsOf(String fixture) throws Exception {
        return Files.readAllLines(FIXTURES.resolve(fixture)).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(";", 2)[0]).toList();
    }
}
