package fr.spie.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Consent end to end, with the real broker and the real REST API: France Travail's diagnostic with a health
 * constraint reaches the Département with the health data only while the person's explicit consent holds; a
 * withdrawal stops it for the next message and for a message already queued; an expired consent counts for nothing.
 * The people are fictitious (generated NIRs); each test has its own person, so the assertions are scoped to it.
 */
class ConsentEndToEndTest extends HubIntegrationTest {

    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final String DEPARTEMENT_QUEUE = "spie.outbound.departement";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    CamelContext camel;

    @Autowired
    AuditJournal journal;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A fictitious person with a valid NIR of their own: 13 digits and the key 97 - (n mod 97). */
    private record Person(String nir, String franceTravailId) {
        static Person fresh() {
            int order = ThreadLocalRandom.current().nextInt(1, 1000);
            String commune = String.format("%03d", ThreadLocalRandom.current().nextInt(1, 990));
            String base = "18809" + "07" + commune + String.format("%03d", order);
            long key = 97 - Long.parseLong(base) % 97;
            return new Person(base + String.format("%02d", key), "FT-CONSENT-" + base.substring(7));
        }
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

    /** A diagnostic with a mobility (23) and a health (25) constraint; each copy distinct (intake is idempotent). */
    private String postDiagnostic(Person person) throws Exception {
        ObjectNode message = json.createObjectNode();
        message.put("identifiant", person.franceTravailId());
        message.put("nir", person.nir());
        message.put("nom", "LAMBERT");
        message.put("prenom", "CAMILLE");
        message.put("dateNaissance", "1988-09-21");
        ObjectNode dto = message.putObject("contraintesIndividusDto");
        dto.put("conseiller", "CONSENT" + COPIES.incrementAndGet());
        dto.put("dateDeModification", "2026-03-02T09:15:00.000+00:00");
        ObjectNode mobility = dto.putArray("contraintes").addObject();
        mobility.put("code", "23");
        mobility.put("libelle", "Développer sa mobilité");
        mobility.put("valeur", "OUI");
        ObjectNode health = dto.withArray("contraintes").addObject();
        health.put("code", "25");
        health.put("libelle", "Prendre en compte son état de santé");
        health.put("valeur", "OUI");
        HttpResponse<String> response = call("POST", "/api/v1/exchanges/france-travail/diagnostic",
                "demo-france-travail", message.toString());
        assertThat(response.statusCode()).as("diagnostic accepted").isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    private ObjectNode consentRequest(Person person) {
        ObjectNode consent = json.createObjectNode();
        consent.put("nir", person.nir());
        consent.put("recipient", "departement");
        consent.putArray("purposes").add("rsa-follow-up");
        consent.putArray("categories").add("health").add("family");
        consent.put("consentType", "explicit");
        consent.put("collectionMethod", "in-person");
        consent.put("evidenceReference", "formulaire-signe-" + person.franceTravailId());
        consent.put("collectedBy", "france-travail");
        return consent;
    }

    private String giveConsent(Person person) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/consents", "demo-agent",
                consentRequest(person).toString());
        assertThat(response.statusCode()).as("consent recorded").isEqualTo(201);
        return json.readTree(response.body()).path("id").asText();
    }

    private void withdraw(String consentId) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/consents/" + consentId + "/withdraw", "demo-agent",
                null);
        assertThat(response.statusCode()).as("withdrawn").isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("withdrawn");
    }

    /** The Département's copy of the exchange, read from its queue as the Département reads it. */
    private JsonNode departementCopy(String exchangeId) throws Exception {
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            List<Message> received = departement.receive(DEPARTEMENT_QUEUE, List.of(exchangeId), 30_000);
            assertThat(received).as("the Département's copy of " + exchangeId).hasSize(1);
            return json.readTree(((TextMessage) received.get(0)).getText());
        }
    }

    private static List<String> constraintCodes(JsonNode copy) {
        List<String> codes = new ArrayList<>();
        copy.path("contraintes").forEach(c -> codes.add(c.path("code").asText()));
        return codes;
    }

    /** The Département's decision for the exchange, as the decisions API explains it. */
    private JsonNode decisionFor(String exchangeId) throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/consents/decisions?exchangeId=" + exchangeId,
                "demo-auditor", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        json.readTree(response.body()).path("decisions").forEach(d -> {
            if (d.path("recipient").asText().equals("departement")) {
                found.add(d);
            }
        });
        assertThat(found).as("one decision for the Département").hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void healthDataReachesTheDepartementOnlyWhileExplicitConsentHolds() throws Exception {
        Person person = Person.fresh();

        String before = postDiagnostic(person);
        assertThat(constraintCodes(departementCopy(before))).containsExactly("23");
        JsonNode minimised = decisionFor(before);
        assertThat(minimised.path("verdict").asText()).isEqualTo("MINIMISED");
        assertThat(minimised.path("agreement").asText()).isEqualTo("departement-diagnostic");
        assertThat(minimised.path("purpose").asText()).isEqualTo("rsa-follow-up");
        assertThat(texts(minimised.path("removed"))).containsExactly("health");
        assertThat(minimised.path("reason").asText()).contains("no explicit consent");

        String consentId = giveConsent(person);
        String with = postDiagnostic(person);
        JsonNode copy = departementCopy(with);
        assertThat(constraintCodes(copy)).containsExactly("23", "25");
        JsonNode allowed = decisionFor(with);
        assertThat(allowed.path("verdict").asText()).isEqualTo("ALLOWED");
        assertThat(texts(allowed.path("consents"))).containsExactly(consentId);
        assertThat(texts(allowed.path("shared"))).contains("health", "identity", "pathway");

        withdraw(consentId);
        String after = postDiagnostic(person);
        assertThat(constraintCodes(departementCopy(after))).containsExactly("23");
        assertThat(decisionFor(after).path("reason").asText()).contains("consent " + consentId + " withdrawn at");
    }

    @Test
    void aMessageQueuedBeforeTheWithdrawalIsDeliveredWithoutTheHealthData() throws Exception {
        Person person = Person.fresh();
        String consentId = giveConsent(person);
        camel.getRouteController().stopRoute("deliver");
        String queued;
        try {
            // Accepted and durably queued while consent holds, not delivered yet.
            queued = postDiagnostic(person);
            withdraw(consentId);
        } finally {
            camel.getRouteController().startRoute("deliver");
        }
        assertThat(constraintCodes(departementCopy(queued))).containsExactly("23");
        JsonNode decision = decisionFor(queued);
        assertThat(decision.path("verdict").asText()).isEqualTo("MINIMISED");
        assertThat(decision.path("reason").asText()).contains("consent " + consentId + " withdrawn at");
    }

    @Test
    void anExpiredConsentCountsForNothing() throws Exception {
        Person person = Person.fresh();
        ObjectNode consent = consentRequest(person);
        consent.put("givenAt", "2025-01-06T09:00:00Z");
        consent.put("expiresAt", "2025-07-06T09:00:00Z");
        HttpResponse<String> recorded = call("POST", "/api/v1/consents", "demo-admin", consent.toString());
        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(json.readTree(recorded.body()).path("status").asText()).isEqualTo("expired");

        String exchange = postDiagnostic(person);
        assertThat(constraintCodes(departementCopy(exchange))).containsExactly("23");
        assertThat(decisionFor(exchange).path("reason").asText()).contains("expired at 2025-07-06T09:00:00Z");
    }

    @Test
    void onlyTheAdministratorOrAnAgentChangesConsentsAndEveryChangeIsAnEvent() throws Exception {
        Person person = Person.fresh();
        String body = consentRequest(person).toString();
        assertThat(call("POST", "/api/v1/consents", null, body).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/v1/consents", "demo-departement", body).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/consents", "demo-auditor", body).statusCode()).isEqualTo(403);

        HttpResponse<String> recorded = call("POST", "/api/v1/consents", "demo-agent", body);
        assertThat(recorded.statusCode()).isEqualTo(201);
        JsonNode consent = json.readTree(recorded.body());
        String id = consent.path("id").asText();
        // The NIR was hashed into the pseudonym and is kept nowhere.
        assertThat(recorded.body()).doesNotContain(person.nir());
        assertThat(consent.path("subject").asText()).isNotBlank();
        assertThat(consent.path("recordedBy").asText()).isEqualTo("agent");

        assertThat(call("POST", "/api/v1/consents/" + id + "/withdraw", "demo-france-travail", null).statusCode())
                .isEqualTo(403);
        // A partner may not even read who consented to what.
        assertThat(call("POST", "/api/v1/consents/lookup", "demo-departement",
                "{\"nir\":\"" + person.nir() + "\"}").statusCode()).isEqualTo(403);

        HttpResponse<String> byNir = call("POST", "/api/v1/consents/lookup", "demo-auditor",
                "{\"nir\":\"" + person.nir() + "\"}");
        assertThat(byNir.statusCode()).isEqualTo(200);
        JsonNode found = json.readTree(byNir.body());
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).path("id").asText()).isEqualTo(id);
        HttpResponse<String> bySubject = call("GET", "/api/v1/consents?subject="
                + consent.path("subject").asText(), "demo-agent", null);
        assertThat(json.readTree(bySubject.body()).size()).isEqualTo(1);

        // The change is an audit event and a consent-change exchange.
        List<AuditEvent> change = journal.journeyOf(consent.path("consentChangeExchangeId").asText());
        assertThat(change).extracting(AuditEvent::step).contains(AuditEvent.Step.CONSENT_CHANGED);
        assertThat(change.get(0).subject()).isEqualTo(consent.path("subject").asText());
        assertThat(change.get(0).detail()).contains(id).doesNotContain(person.nir());

        assertThat(call("POST", "/api/v1/consents/" + id + "/withdraw", "demo-admin", null).statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/api/v1/consents/" + id + "/withdraw", "demo-admin", null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aBadConsentIsRefusedWithEveryProblem() throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/consents", "demo-agent", """
                {"nir": "1880907", "recipient": "nobody", "purposes": [], "categories": ["secrets"],
                 "collectionMethod": "pigeon"}""");
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        List<String> where = new ArrayList<>();
        outcome.path("issue").forEach(i -> where.add(i.path("expression").get(0).asText()));
        assertThat(where).containsExactlyInAnyOrder("nir", "recipient", "purposes", "categories", "collectionMethod",
                "evidenceReference");
        assertThat(response.body()).doesNotContain("1880907");
    }

    @Test
    void theAgreementsAreReadable() throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/sharing-agreements", "demo-departement", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(response.body()).forEach(a -> ids.add(a.path("id").asText()));
        assertThat(ids).contains("departement-diagnostic", "departement-rsa-household",
                "france-travail-rsa-household", "france-travail-orientation-decision");
        assertThat(call("GET", "/api/v1/sharing-agreements", null, null).statusCode()).isEqualTo(401);
    }
}
