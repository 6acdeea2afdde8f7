package fr.spie.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Steps 8 and 9: each recipient's copy is translated, then checked against its schema, or refused with the reason. */
class DeliveryStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PartnerRegistry partners = PartnerRegistry.load(Path.of("config/partners"));
    private final HubProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("spie.home", ".")))
            .bind("spie", HubProperties.class).get();
    private final TranslateForRecipient translate = new TranslateForRecipient(new MappingCatalog(Path.of(".")));
    private final ValidateOutbound validate = new ValidateOutbound(new JsonSchemas(), properties);

    private static CanonicalEvent household() throws Exception {
        return JSON.readValue(Files.readString(Path.of(
                "mappings/departement/rsa-household/examples/foyer-droit-clos.input.json")), CanonicalEvent.class);
    }

    private Delivery deliveryTo(String partnerId) {
        Partner recipient = partners.find(partnerId).orElseThrow();
        return new Delivery(recipient, recipient.subscriptionTo("fr.spie.rsa-household").orElseThrow());
    }

    @Test
    void aValidCopyIsTranslatedAndValidatedForItsRecipient() throws Exception {
        DeliveryRun run = new DeliveryRun(household(), "caf", List.of());
        Delivery delivery = validate.apply(translate.apply(deliveryTo("departement"), run), run);
        assertThat(delivery.isRefused()).isFalse();
        assertThat(delivery.message().path("idEchange").asText()).isEqualTo(run.event().id());
        assertThat(run.auditEvents()).extracting(e -> e.step())
                .containsExactly(Step.RECIPIENT_TRANSLATED, Step.RECIPIENT_VALIDATED);
    }

    @Test
    void aCopyThatBreaksTheRecipientsSchemaIsRefusedNeverSentHalfValid() throws Exception {
        CanonicalEvent event = household();
        // An organisation the Département's schema does not know: the mapping copies it, the schema refuses it.
        ((ObjectNode) event.data().path("organisation")).put("type", "XYZ");
        DeliveryRun run = new DeliveryRun(event, "caf", List.of());
        Delivery delivery = validate.apply(translate.apply(deliveryTo("departement"), run), run);
        assertThat(delivery.isRefused()).isTrue();
        assertThat(delivery.refusal().hasErrors()).isTrue();
        assertThat(run.auditEvents()).extracting(e -> e.step()).doesNotContain(Step.RECIPIENT_VALIDATED);
    }
}
