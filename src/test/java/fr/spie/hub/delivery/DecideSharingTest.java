package fr.spie.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.consent.SharingAgreement;
import fr.spie.hub.consent.SharingAgreement.LegalBasis;
import fr.spie.hub.consent.SharingAgreements;
import fr.spie.hub.consent.SharingDecision.Verdict;
import fr.spie.hub.consent.SharingPolicy;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Step 7b with the repository's agreements, mappings and schemas: what each recipient's copy holds after the sharing
 * decision, and a copy withheld because minimisation left the recipient's format without a mandatory field.
 */
class DecideSharingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PartnerRegistry partners = PartnerRegistry.load(Path.of("config/partners"));
    private final CanonicalSchemas schemas = new CanonicalSchemas(Path.of("schemas/canonical"));
    private final HubProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("spie.home", ".")))
            .bind("spie", HubProperties.class).get();
    private final TranslateForRecipient translate = new TranslateForRecipient(new MappingCatalog(Path.of(".")));
    private final ValidateOutbound validate = new ValidateOutbound(new JsonSchemas(), properties);

    private DecideSharing decideWith(List<SharingAgreement> agreements) {
        return new DecideSharing(new SharingPolicy(agreements, subject -> List.of()), schemas);
    }

    private List<SharingAgreement> repositoryAgreements() {
        return SharingAgreements.load(Path.of("config/sharing-agreements"), id -> partners.find(id).isPresent(),
                type -> Files.isRegularFile(schemas.schemaOf(type)));
    }

    private static CanonicalEvent event(String example) throws Exception {
        return JSON.readValue(Files.readString(Path.of(example)), CanonicalEvent.class);
    }

    private Delivery deliveryTo(String partnerId, String eventType) {
        Partner recipient = partners.find(partnerId).orElseThrow();
        return new Delivery(recipient, recipient.subscriptionTo(eventType).orElseThrow());
    }

    private Delivery run(DecideSharing decide, Delivery delivery, DeliveryRun run) {
        return validate.apply(translate.apply(decide.apply(delivery, run), run), run);
    }

    @Test
    void franceTravailGetsTheHouseholdWithoutAddressNorResources() throws Exception {
        DeliveryRun run = new DeliveryRun(event(
                "mappings/departement/rsa-household/examples/foyer-droit-clos.input.json"), "caf", List.of());
        Delivery delivery = run(decideWith(repositoryAgreements()), deliveryTo("france-travail",
                "fr.spie.rsa-household"), run);
        assertThat(delivery.isWithheld()).isFalse();
        assertThat(delivery.isRefused()).isFalse();
        assertThat(delivery.decision().verdict()).isEqualTo(Verdict.MINIMISED);
        assertThat(delivery.decision().removed()).containsExactlyInAnyOrder("contact", "resources");
        CanonicalEvent seen = delivery.eventFor(run);
        assertThat(seen.data().has("address")).isFalse();
        assertThat(seen.datacategories()).doesNotContain("contact", "resources");
        // The minimised copy's categories are those its data holds (DecideSharing derives them without a second walk).
        assertThat(seen.datacategories()).isNotEmpty()
                .containsExactlyElementsOf(schemas.categoriesOf(seen.type()).presentIn(seen.data()));
        // The accepted event itself is untouched: the Département's copy is decided on the whole of it.
        assertThat(run.event().data().has("address")).isTrue();
        assertThat(run.auditEvents()).extracting(AuditEvent::step)
                .containsExactly(Step.SHARING_DECIDED, Step.RECIPIENT_TRANSLATED, Step.RECIPIENT_VALIDATED);
        assertThat(run.auditEvents().get(0).detail()).contains("\"agreement\":\"france-travail-rsa-household\"");

        Delivery departement = run(decideWith(repositoryAgreements()), deliveryTo("departement",
                "fr.spie.rsa-household"), run);
        assertThat(departement.decision().verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(departement.eventFor(run)).isSameAs(run.event());
    }

    @Test
    void aCopyLackingAMandatoryFieldAfterMinimisationIsWithheldNeverSentHalfValid() throws Exception {
        // An agreement that lets France Travail see who the person is, not the orientation itself.
        SharingAgreement identityOnly = new SharingAgreement("identity-only", "france-travail",
                List.of("fr.spie.orientation-decision"), "rsa-follow-up",
                new LegalBasis(LegalBasis.Type.PUBLIC_TASK, "test"), Set.of("identity"), "test.yaml");
        DeliveryRun run = new DeliveryRun(event(
                "mappings/france-travail/orientation-decision/examples/orientation-pro-nir-15.input.json"),
                "departement", List.of());
        Delivery delivery = run(decideWith(List.of(identityOnly)), deliveryTo("france-travail",
                "fr.spie.orientation-decision"), run);
        assertThat(delivery.isWithheld()).isTrue();
        assertThat(delivery.isRefused()).as("a rule, not a fault: no dead letter").isFalse();
        assertThat(delivery.withholding().issue().get(0).diagnostics())
                .contains("withheld: without the categories").contains("lacks mandatory fields");
        AuditEvent last = run.auditEvents().get(run.auditEvents().size() - 1);
        assertThat(last.step()).isEqualTo(Step.SHARING_DECIDED);
        assertThat(last.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(run.auditEvents()).extracting(AuditEvent::step).doesNotContain(Step.RECIPIENT_VALIDATED);
    }

    @Test
    void withoutAnAgreementNothingIsTranslated() throws Exception {
        DeliveryRun run = new DeliveryRun(event(
                "mappings/france-travail/orientation-decision/examples/orientation-pro-nir-15.input.json"),
                "departement", List.of());
        Delivery delivery = run(decideWith(List.of()), deliveryTo("france-travail", "fr.spie.orientation-decision"),
                run);
        assertThat(delivery.isWithheld()).isTrue();
        assertThat(delivery.message()).isNull();
        assertThat(run.auditEvents()).extracting(AuditEvent::step).containsExactly(Step.SHARING_DECIDED);
        assertThat(run.auditEvents().get(0).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(run.auditEvents().get(0).detail()).contains("no sharing agreement");
    }
}
