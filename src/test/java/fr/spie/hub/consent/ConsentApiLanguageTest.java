package fr.spie.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The consent API answers its refusals in French by default, like the rest of the API (i18n/diagnostics.fr.tsv), and
 * in English on request; codes and expressions do not change. Every issue of a bad consent is translated: none is left
 * in English.
 */
class ConsentApiLanguageTest extends HubIntegrationTest {

    /** Every field a consent can get wrong at once, the NIR with a letter where a digit goes. */
    private static final String BAD_CONSENT = """
            {"nir": "18809X7186123", "recipient": "nobody", "purposes": [], "categories": ["secrets"],
             "consentType": "tacit", "collectionMethod": "pigeon", "collectedBy": "nobody",
             "givenAt": "2026-03-02T09:00:00Z", "expiresAt": "yesterday"}""";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String apiKey, String body, String language)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-API-Key", apiKey);
        if (language != null) {
            request.header("Accept-Language", language);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private List<String> field(HttpResponse<String> response, String name) throws Exception {
        List<String> values = new ArrayList<>();
        for (JsonNode issue : json.readTree(response.body()).path("issue")) {
            values.add(issue.path(name).isTextual() ? issue.path(name).asText() : issue.path(name).toString());
        }
        return values;
    }

    @Test
    void aBadConsentIsRefusedInFrenchWithEveryIssueTranslatedAndInEnglishWhenAsked() throws Exception {
        HttpResponse<String> french = call("POST", "/api/v1/consents", "demo-agent", BAD_CONSENT, null);
        HttpResponse<String> english = call("POST", "/api/v1/consents", "demo-agent", BAD_CONSENT, "en");
        assertThat(french.statusCode()).isEqualTo(422);
        assertThat(english.statusCode()).isEqualTo(422);
        assertThat(french.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(english.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(field(french, "code")).isEqualTo(field(english, "code"));
        assertThat(field(french, "expression")).isEqualTo(field(english, "expression"))
                .contains("[\"nir\"]", "[\"recipient\"]", "[\"purposes\"]", "[\"categories\"]",
                        "[\"consentType\"]", "[\"collectionMethod\"]", "[\"evidenceReference\"]",
                        "[\"expiresAt\"]", "[\"collectedBy\"]");
        List<String> inFrench = field(french, "diagnostics");
        List<String> inEnglish = field(english, "diagnostics");
        for (int i = 0; i < inFrench.size(); i++) {
            assertThat(inFrench.get(i)).as("issue " + i + " translated").isNotEqualTo(inEnglish.get(i));
        }
        assertThat(inFrench).contains(
                "le caractère 6 du NIR doit être un chiffre (ou 2A/2B pour la Corse en positions 6-7)",
                "recipient doit être l'identifiant d'un partenaire ou all-spie-partners",
                "purposes doit contenir au moins une valeur",
                "consentType doit valoir explicit ou implicit",
                "expiresAt doit être un instant ISO-8601 (2026-01-31T09:00:00Z)",
                "collectedBy doit être l'identifiant d'un partenaire");
        assertThat(inFrench).anySatisfy(d -> assertThat(d).startsWith("'secrets' n'est pas une catégorie de données"));
        assertThat(inFrench).anySatisfy(d -> assertThat(d).startsWith("collectionMethod doit être l'une des valeurs"));
        assertThat(inFrench).anySatisfy(d -> assertThat(d).startsWith("evidenceReference est obligatoire"));
        assertThat(inEnglish).contains("purposes must list at least one value");
        // Neither language echoes the NIR.
        assertThat(french.body()).doesNotContain("18809X7186123");
        assertThat(english.body()).doesNotContain("18809X7186123");
    }

    @Test
    void refusalsOfTheConsentApiReadInFrench() throws Exception {
        HttpResponse<String> partner = call("POST", "/api/v1/consents", "demo-departement", BAD_CONSENT, null);
        assertThat(partner.statusCode()).isEqualTo(403);
        assertThat(field(partner, "diagnostics")).containsExactly(
                "cette clé ne peut pas enregistrer de consentement (administrateur ou agent habilité seulement)");
        assertThat(field(call("GET", "/api/v1/consents?subject=x", "demo-caf", null, null), "diagnostics"))
                .containsExactly("cette clé ne peut pas lire les consentements");

        String missing = "consent-" + UUID.randomUUID();
        HttpResponse<String> notFound = call("GET", "/api/v1/consents/" + missing, "demo-auditor", null, null);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(field(notFound, "diagnostics")).containsExactly("aucun consentement " + missing);

        HttpResponse<String> notJson = call("POST", "/api/v1/consents", "demo-agent", "{not json", null);
        assertThat(notJson.statusCode()).isEqualTo(422);
        assertThat(field(notJson, "diagnostics")).containsExactly("le corps n'est pas du JSON valide");

        HttpResponse<String> recorded = call("POST", "/api/v1/consents", "demo-agent", """
                {"subject": "psn-language-%s", "recipient": "departement", "purposes": ["rsa-follow-up"],
                 "categories": ["health"], "collectionMethod": "online", "evidenceReference": "session-42"}"""
                .formatted(UUID.randomUUID()), null);
        assertThat(recorded.statusCode()).isEqualTo(201);
        String id = json.readTree(recorded.body()).path("id").asText();
        assertThat(call("POST", "/api/v1/consents/" + id + "/withdraw", "demo-agent", null, null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> again = call("POST", "/api/v1/consents/" + id + "/withdraw", "demo-agent", null, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(field(again, "diagnostics")).containsExactly("le consentement " + id + " est déjà retiré");
        HttpResponse<String> againInEnglish = call("POST", "/api/v1/consents/" + id + "/withdraw", "demo-agent",
                null, "en-GB");
        assertThat(field(againInEnglish, "diagnostics")).containsExactly("Consent " + id + " is already withdrawn");
    }
}
