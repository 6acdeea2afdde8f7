package fr.spie.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A share that rests on consent alone, end to end with the real broker, the real REST API and the Mission Locale's
 * real webhook (HTTP server on a loopback port): France Travail's diagnostic of a young person reaches the Mission
 * Locale (agreement {@code mission-locale-diagnostic}, basis consent) only while the young person's consent holds;
 * nothing at all without it, after a withdrawal, for a message queued before the withdrawal, or once it expired.
 * A copy already waiting on the webhook's dispatch queue for a retry is decided again before each attempt: withdrawn
 * meanwhile, it is not sent (and not dead-lettered); narrowed, it is minimised and translated again. Each consent
 * change reaches the Mission Locale as its own {@code consentement} message. Each test has its own young person.
 */
class ConsentAloneEndToEndTest extends HubIntegrationTest {

    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final String MISSION_LOCALE = "mission-locale";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    CamelContext camel;

    @Autowired
    AuditJournal journal;

    @Autowired
    ConsentChanges consentChanges;

    private final HttpClient http = HttpClient.newHttpClient();
    private MissionLocaleWebhook missionLocale;

    @BeforeEach
    void missionLocaleIsUp() throws Exception {
        missionLocale = new MissionLocaleWebhook(WEBHOOK_PORT, TLS.serverContext("mission-locale"));
    }

    @AfterEach
    void stopMissionLocale() {
        missionLocale.close();
    }

    /** A fictitious young person (born 2005) with a valid NIR of their own. */
    private record Young(String nir, String franceTravailId) {
        static Young fresh() {
            String commune = String.format("%03d", ThreadLocalRandom.current().nextInt(1, 990));
            String order = String.format("%03d", ThreadLocalRandom.current().nextInt(1, 1000));
            String base = "10506" + "07" + commune + order;
            long key = 97 - Long.parseLong(base) % 97;
            return new Young(base + String.format("%02d", key), "FT-YOUTH-" + base.substring(7));
        }
    }

    // --- the young person's consent, over the consent API as an agent records it

    private ObjectNode consentRequest(Young young, String type, String... categories) {
        ObjectNode consent = json.createObjectNode();
        consent.put("nir", young.nir());
        consent.put("recipient", MISSION_LOCALE);
        consent.putArray("purposes").add("rsa-follow-up");
        var array = consent.putArray("categories");
        for (String category : categories) {
            array.add(category);
        }
        consent.put("consentType", type);
        consent.put("collectionMethod", "in-person");
        consent.put("evidenceReference", "accord-jeune-" + young.franceTravailId() + "-" + COPIES.incrementAndGet());
        consent.put("collectedBy", MISSION_LOCALE);
        return consent;
    }

    private JsonNode record(ObjectNode consent) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/consents", "demo-agent", consent.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private String giveConsent(Young young) throws Exception {
        return record(consentRequest(young, "explicit", "identity", "employment", "pathway", "family"))
                .path("id").asText();
    }

    private void withdraw(String consentId) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/consents/" + consentId + "/withdraw", "demo-agent",
                null);
        assertThat(response.statusCode()).as("withdrawn").isEqualTo(200);
    }

    // --- France Travail's diagnostic: mobility (23), family (24) and health (25) constraints; each copy distinct

    private String postDiagnostic(Young young) throws Exception {
        ObjectNode message = json.createObjectNode();
        message.put("identifiant", young.franceTravailId());
        message.put("nir", young.nir());
        message.put("nom", "MOREAU");
        message.put("prenom", "LUCAS");
        message.put("dateNaissance", "2005-06-14");
        ObjectNode dto = message.putObject("contraintesIndividusDto");
        dto.put("conseiller", "YOUTH" + COPIES.incrementAndGet());
        dto.put("dateDeModification", "2026-03-02T09:15:00.000+00:00");
        var constraints = dto.putArray("contraintes");
        constraints.addObject().put("code", "23").put("libelle", "Développer sa mobilité").put("valeur", "OUI");
        constraints.addObject().put("code", "24").put("libelle", "Surmonter ses contraintes familiales")
                .put("valeur", "OUI");
        constraints.addObject().put("code", "25").put("libelle", "Prendre en compte son état de santé")
                .put("valeur", "OUI");
        HttpResponse<String> response = call("POST", "/api/v1/exchanges/france-travail/diagnostic",
                "demo-france-travail", message.toString());
        assertThat(response.statusCode()).as("diagnostic accepted: " + response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    // --- what the Mission Locale got, and why

    /** The Mission Locale's first sharing decision for the exchange, once the deliver route has taken it. */
    private JsonNode decisionFor(String exchangeId) throws Exception {
        await(() -> sharingDecisions(exchangeId).size() > 0, 60);
        return sharingDecisions(exchangeId).get(0);
    }

    private List<JsonNode> sharingDecisions(String exchangeId) {
        List<JsonNode> decisions = new ArrayList<>();
        for (AuditEvent event : journey(exchangeId)) {
            if (event.step() == Step.SHARING_DECIDED) {
                try {
                    decisions.add(json.readTree(event.detail()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        return decisions;
    }

    /** The decision taken again on the dispatch queue, before a retry. */
    private Optional<JsonNode> decidedAgain(String exchangeId) {
        return sharingDecisions(exchangeId).stream()
                .filter(d -> d.path("reason").asText().startsWith("decided again")).findFirst();
    }

    private List<AuditEvent> journey(String exchangeId) {
        return journal.journeyOf(exchangeId).stream().filter(e -> MISSION_LOCALE.equals(e.recipient())).toList();
    }

    private List<Step> steps(String exchangeId) {
        return journey(exchangeId).stream().map(AuditEvent::step).toList();
    }

    private List<String> constraintCodes(String body) throws Exception {
        List<String> codes = new ArrayList<>();
        json.readTree(body).path("contraintes").forEach(c -> codes.add(c.path("code").asText()));
        return codes;
    }

    /** The Mission Locale's consentement message about this consent with this status, once it arrived. */
    private JsonNode consentChange(String consentId, String status) throws Exception {
        await(() -> find(consentId, status).isPresent(), 60);
        return find(consentId, status).orElseThrow();
    }

    private Optional<JsonNode> find(String consentId, String status) {
        for (MissionLocaleWebhook.Call c : missionLocale.consentChanges()) {
            try {
                JsonNode body = json.readTree(c.body());
                if (body.path("consentement").path("id").asText().equals(consentId)
                        && body.path("consentement").path("statut").asText().equals(status)) {
                    return Optional.of(body);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return Optional.empty();
    }

    /** The Département (public task) gets its copy of the same exchange: the delivery ran, for every recipient. */
    private void departementGot(String exchangeId) throws Exception {
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            assertThat(departement.receive("spie.outbound.departement", List.of(exchangeId), 30_000)).hasSize(1);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void withoutConsentNothingReachesTheMissionLocale() throws Exception {
        Young young = Young.fresh();
        String exchangeId = postDiagnostic(young);
        departementGot(exchangeId);

        JsonNode decision = decisionFor(exchangeId);
        assertThat(decision.path("verdict").asText()).isEqualTo("REFUSED");
        assertThat(decision.path("agreement").asText()).isEqualTo("mission-locale-diagnostic");
        assertThat(decision.path("legalBasis").asText()).startsWith("consent");
        assertThat(decision.path("reason").asText()).contains("no consent holds");
        assertThat(texts(decision.path("shared"))).isEmpty();
        // Refused at the decision: never even queued for the webhook.
        assertThat(steps(exchangeId)).containsExactly(Step.SHARING_DECIDED).doesNotContain(Step.DISPATCH_QUEUED);
        assertThat(missionLocale.diagnosticsOf(exchangeId)).isEmpty();
    }

    @Test
    void consentGivenLetsTheDiagnosticGoWithdrawnStopsTheNextAndEachChangeReachesTheMissionLocale() throws Exception {
        Young young = Young.fresh();
        String consentId = giveConsent(young);
        JsonNode given = consentChange(consentId, "donne");
        assertThat(given.path("pseudonyme").asText()).isNotBlank();
        assertThat(texts(given.path("consentement").path("finalites"))).containsExactly("rsa-follow-up");
        assertThat(given.toString()).doesNotContain(young.nir()).doesNotContain("MOREAU");

        String with = postDiagnostic(young);
        await(() -> missionLocale.diagnosticsOf(with).size() == 1, 60);
        String body = missionLocale.diagnosticsOf(with).get(0).body();
        // Family (24) under the explicit consent; health (25) is outside the agreement, whatever the consent.
        assertThat(constraintCodes(body)).containsExactly("23", "24");
        JsonNode copy = json.readTree(body);
        assertThat(copy.path("jeune").path("numeroDE").asText()).isEqualTo(young.franceTravailId());
        assertThat(copy.path("jeune").path("pseudonyme").asText()).isEqualTo(given.path("pseudonyme").asText());
        assertThat(copy.path("jeune").has("nir")).isFalse();
        JsonNode allowed = decisionFor(with);
        assertThat(allowed.path("verdict").asText()).isEqualTo("MINIMISED");
        assertThat(texts(allowed.path("removed"))).containsExactly("health");
        assertThat(texts(allowed.path("consents"))).containsExactly(consentId);
        await(() -> steps(with).contains(Step.DELIVERED), 10);

        withdraw(consentId);
        JsonNode withdrawn = consentChange(consentId, "retire");
        assertThat(withdrawn.path("consentement").path("retireLe").asText()).isNotBlank();

        String after = postDiagnostic(young);
        departementGot(after);
        JsonNode refused = decisionFor(after);
        assertThat(refused.path("verdict").asText()).isEqualTo("REFUSED");
        assertThat(refused.path("reason").asText()).contains("consent " + consentId + " withdrawn at");
        assertThat(steps(after)).doesNotContain(Step.DISPATCH_QUEUED, Step.DELIVERED);
        assertThat(missionLocale.diagnosticsOf(after)).isEmpty();
    }

    @Test
    void aMessageQueuedBeforeTheWithdrawalIsNotDelivered() throws Exception {
        Young young = Young.fresh();
        String consentId = giveConsent(young);
        camel.getRouteController().stopRoute("deliver");
        String queued;
        try {
            // Accepted and durably queued while the consent holds, not delivered yet.
            queued = postDiagnostic(young);
            withdraw(consentId);
        } finally {
            camel.getRouteController().startRoute("deliver");
        }
        departementGot(queued);
        JsonNode decision = decisionFor(queued);
        assertThat(decision.path("verdict").asText()).isEqualTo("REFUSED");
        assertThat(decision.path("reason").asText()).contains("consent " + consentId + " withdrawn at");
        assertThat(steps(queued)).doesNotContain(Step.DISPATCH_QUEUED, Step.DELIVERED);
        assertThat(missionLocale.diagnosticsOf(queued)).isEmpty();
    }

    @Test
    void anExpiredConsentIsRefused() throws Exception {
        Young young = Young.fresh();
        ObjectNode consent = consentRequest(young, "explicit", "identity", "employment", "pathway", "family");
        consent.put("givenAt", "2025-01-06T09:00:00Z");
        consent.put("expiresAt", "2025-07-06T09:00:00Z");
        assertThat(record(consent).path("status").asText()).isEqualTo("expired");

        String exchangeId = postDiagnostic(young);
        departementGot(exchangeId);
        JsonNode decision = decisionFor(exchangeId);
        assertThat(decision.path("verdict").asText()).isEqualTo("REFUSED");
        assertThat(decision.path("reason").asText()).contains("expired at 2025-07-06T09:00:00Z");
        assertThat(missionLocale.diagnosticsOf(exchangeId)).isEmpty();
    }

    @Test
    void aCopyWaitingForItsRetryIsNotSentOnceTheConsentIsWithdrawn() throws Exception {
        Young young = Young.fresh();
        String consentId = giveConsent(young);
        // The webhook fails the first call; while the hub waits for that answer, the young person withdraws.
        missionLocale.failFirst(1, exchangeId -> consentChanges.withdraw(consentId, "agent"));

        String exchangeId = postDiagnostic(young);
        await(() -> decidedAgain(exchangeId).isPresent(), 60);
        JsonNode again = decidedAgain(exchangeId).orElseThrow();
        assertThat(again.path("verdict").asText()).isEqualTo("REFUSED");
        assertThat(again.path("reason").asText()).startsWith("decided again before attempt 2 on webhook")
                .contains("consent " + consentId + " withdrawn at");
        AuditEvent refused = journey(exchangeId).stream().filter(e -> e.step() == Step.SHARING_DECIDED
                && e.detail().contains("decided again")).findFirst().orElseThrow();
        assertThat(refused.outcome()).isEqualTo(AuditEvent.Outcome.REJECTED);

        // Longer than the rest of the retry schedule (200, 400, 800 ms in tests): no other call ever comes.
        Thread.sleep(2_500);
        assertThat(missionLocale.diagnosticsOf(exchangeId)).extracting(MissionLocaleWebhook.Call::answered)
                .containsExactly(503);
        List<Step> steps = steps(exchangeId);
        assertThat(steps).containsSubsequence(Step.SHARING_DECIDED, Step.DISPATCH_QUEUED, Step.RETRIED,
                Step.SHARING_DECIDED);
        assertThat(steps).doesNotContain(Step.DELIVERED, Step.DEAD_LETTERED);
        assertThat(Collections.frequency(steps, Step.RETRIED)).isEqualTo(1);
    }

    @Test
    void aCopyWaitingForItsRetryIsMinimisedAgainWhenTheExplicitConsentIsWithdrawn() throws Exception {
        Young young = Young.fresh();
        record(consentRequest(young, "implicit", "identity", "employment", "pathway"));
        String family = record(consentRequest(young, "explicit", "family")).path("id").asText();
        missionLocale.failFirst(1, exchangeId -> consentChanges.withdraw(family, "agent"));

        String exchangeId = postDiagnostic(young);
        await(() -> missionLocale.diagnosticsOf(exchangeId).size() == 2, 60);
        List<MissionLocaleWebhook.Call> calls = missionLocale.diagnosticsOf(exchangeId);
        assertThat(calls).extracting(MissionLocaleWebhook.Call::answered).containsExactly(503, 200);
        // The first attempt carried the family constraint; the retry, decided again, no longer does.
        assertThat(constraintCodes(calls.get(0).body())).containsExactly("23", "24");
        assertThat(constraintCodes(calls.get(1).body())).containsExactly("23");
        assertThat(json.readTree(calls.get(1).body()).path("jeune").path("numeroDE").asText())
                .isEqualTo(young.franceTravailId());

        await(() -> steps(exchangeId).contains(Step.DELIVERED), 10);
        JsonNode again = decidedAgain(exchangeId).orElseThrow();
        assertThat(again.path("verdict").asText()).isEqualTo("MINIMISED");
        assertThat(texts(again.path("removed"))).containsExactly("family");
        assertThat(again.path("reason").asText()).startsWith("decided again before attempt 2 on webhook")
                .contains("consent " + family + " withdrawn at");
        assertThat(steps(exchangeId)).containsSubsequence(Step.DISPATCH_QUEUED, Step.RETRIED, Step.SHARING_DECIDED,
                Step.RECIPIENT_TRANSLATED, Step.RECIPIENT_VALIDATED, Step.DELIVERED);
    }

    private HttpResponse<String> call(String method, String path, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
