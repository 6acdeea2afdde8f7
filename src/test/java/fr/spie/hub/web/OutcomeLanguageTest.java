package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The API answers its diagnostics in French by default and in English on request; codes and paths do not change. */
class OutcomeLanguageTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> postInvalid(String acceptLanguage) throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of(
                "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json").toFile());
        message.remove("dateDecision");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/exchanges/departement/orientation"))
                .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private List<String> field(HttpResponse<String> response, String name) throws Exception {
        List<String> values = new ArrayList<>();
        for (JsonNode issue : json.readTree(response.body()).path("issue")) {
            values.add(issue.path(name).toString());
        }
        return values;
    }

    @Test
    void diagnostics_are_french_by_default_and_english_when_asked_with_the_same_codes_and_paths() throws Exception {
        HttpResponse<String> french = postInvalid(null);
        HttpResponse<String> english = postInvalid("en-GB,en;q=0.9,fr;q=0.5");
        assertThat(french.statusCode()).isEqualTo(422);
        assertThat(english.statusCode()).isEqualTo(422);
        assertThat(french.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(english.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(french.body()).contains("la clé obligatoire [dateDecision] est absente");
        assertThat(english.body()).contains("required key [dateDecision] not found");
        assertThat(field(french, "code")).isEqualTo(field(english, "code"));
        assertThat(field(french, "expression")).isEqualTo(field(english, "expression"));
    }

    @Test
    void an_api_refusal_is_french_too() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/exchanges/departement/orientation"))
                .header("Content-Type", "application/json").header("Accept-Language", "fr-FR")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("un en-tête X-API-Key valide est requis");
    }
}
