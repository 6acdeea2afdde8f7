package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.JsonSchemas;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Steps 1 to 4 of the receiving pipeline, each on its own, on the repository's partner files, mappings and schemas. */
class ReceivingStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PartnerRegistry partners = PartnerRegistry.load(Path.of("config/partners"));
    private final HubProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("spie.home", ".")))
            .bind("spie", HubProperties.class).get();
    private final CanonicalSchemas canonical = new CanonicalSchemas(Path.of("schemas/canonical"));

    private static MessageInTransit cafHousehold(String partner, String messageType, JsonNode tree) {
        return new MessageInTransit("ex-1", "corr-1", Instant.parse("2026-01-02T03:04:05Z"), partner, messageType, 1,
                tree, Map.of(), "hash", OperationOutcome.ok());
    }

    private static JsonNode exampleTree() throws Exception {
        return JSON.readTree(Files.readString(Path.of(
                "mappings/caf/flux-rsa/examples/msa-droit-ouvert-sans-ft.input.json")));
    }

    @Test
    void identifyFindsTheDeclaredTypeAndJournalsTheReceipt() throws Exception {
        MessageInTransit message = new IdentifyMessageType(partners).apply(cafHousehold("caf", "flux-rsa",
                exampleTree()));
        assertThat(message.declaration().eventType()).isEqualTo("fr.spie.rsa-household");
        assertThat(message.auditEvents()).extracting(e -> e.step()).containsExactly(Step.RECEIVED);
    }

    @Test
    void identifyRefusesATypeThePartnerDoesNotDeclare() {
        assertThatThrownBy(() -> new IdentifyMessageType(partners).apply(cafHousehold("caf", "sanction",
                JSON.createObjectNode()))).isInstanceOfSatisfying(ExchangeRejectedException.class,
                e -> assertThat(e.outcome().issue().get(0).code()).isEqualTo(IssueType.FORBIDDEN));
    }

    @Test
    void anXmlRecordAlreadyFoundInvalidWhileStreamedIsRejectedAtValidation() throws Exception {
        MessageInTransit invalid = new MessageInTransit("ex-2", "corr", Instant.now(), "caf", "flux-rsa", 1,
                exampleTree(), Map.of(), "hash",
                OperationOutcome.error(IssueType.STRUCTURE, "InfosFoyerRSA[1]", "incomplete"));
        new IdentifyMessageType(partners).apply(invalid);
        assertThatThrownBy(() -> new ValidateInbound(new JsonSchemas(), properties).apply(invalid))
                .isInstanceOfSatisfying(ExchangeRejectedException.class,
                        e -> assertThat(e.step()).isEqualTo(Step.VALIDATED));
    }

    @Test
    void translationGivesTheDataAndTheHubWritesTheEnvelope() throws Exception {
        MessageInTransit message = new IdentifyMessageType(partners).apply(cafHousehold("caf", "flux-rsa",
                exampleTree()));
        new TranslateToCanonical(new MappingCatalog(Path.of(".")), canonical).apply(message);
        var event = message.event();
        assertThat(event.id()).isEqualTo("ex-1");
        assertThat(event.source()).isEqualTo("/partners/caf");
        assertThat(event.type()).isEqualTo("fr.spie.rsa-household");
        assertThat(event.time()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(event.purpose()).isEqualTo("rsa-follow-up");
        assertThat(event.correlationid()).isEqualTo("corr-1");
        assertThat(event.dataschema()).isEqualTo("/schemas/canonical/rsa-household.schema.json");
        assertThat(event.datacategories()).contains("identity", "rsa-rights", "contact").doesNotContain("health");
        assertThat(event.data().path("persons").isArray()).isTrue();
    }

    @Test
    void aHouseholdOfAnotherDepartementIsAWarningAndABrokenEventAnError() throws Exception {
        MessageInTransit message = new IdentifyMessageType(partners).apply(cafHousehold("caf", "flux-rsa",
                exampleTree()));
        new TranslateToCanonical(new MappingCatalog(Path.of(".")), canonical).apply(message);
        ((ObjectNode) message.event().data()).put("departement", "052");
        ValidateCanonical step = new ValidateCanonical(new JsonSchemas(), canonical, properties, JSON);
        step.apply(message);
        assertThat(message.outcome().hasErrors()).isFalse();
        assertThat(message.outcome().warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo(IssueType.BUSINESS_RULE);
            assertThat(w.diagnostics()).contains("052").contains("007");
        });

        ((ObjectNode) message.event().data()).remove("persons");
        assertThatThrownBy(() -> step.apply(message)).isInstanceOfSatisfying(ExchangeRejectedException.class,
                e -> assertThat(e.outcome().issue()).anySatisfy(i ->
                        assertThat(i.expression()).anyMatch(x -> x.startsWith("canonical.data"))));
    }

    @Test
    void theTreeValidatedIsTheEventAsJacksonWritesIt() throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree("{\"persons\": [{\"identity\": {\"nir\": null}}], \"n\": 1.5}");
        for (fr.spie.hub.canonical.CanonicalEvent event : java.util.List.of(
                new fr.spie.hub.canonical.CanonicalEvent("1.0", "ex-1", "/partners/caf", "fr.spie.rsa-household",
                        "2026-01-02T03:04:05Z", "subj", "application/json", "schema", "rsa-follow-up", "corr-1",
                        java.util.List.of("identity", "income"), data),
                // nulls are left out, an empty list is kept, as the envelope's @JsonInclude says
                new fr.spie.hub.canonical.CanonicalEvent("1.0", "ex-2", "/partners/caf", "fr.spie.rsa-household",
                        "t", null, null, null, null, null, java.util.List.of(), data))) {
            assertThat(event.toTree()).isEqualTo(JSON.valueToTree(event));
            assertThat(JSON.writeValueAsString(event.toTree())).isEqualTo(JSON.writeValueAsString(event));
        }
    }
}
