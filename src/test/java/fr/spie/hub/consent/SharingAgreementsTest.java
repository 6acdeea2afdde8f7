package fr.spie.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.spie.hub.consent.SharingAgreement.LegalBasis;
import fr.spie.hub.consent.SharingAgreements.InvalidAgreementsException;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agreement files: the repository's own are valid and cover every subscription; a broken set is refused whole. */
class SharingAgreementsTest {

    private final PartnerRegistry partners = PartnerRegistry.load(Path.of("config/partners"));
    private final Predicate<String> knownPartner = id -> partners.find(id).isPresent();
    private final Predicate<String> knownType = type -> Files.isRegularFile(
            Path.of("schemas/canonical", type.replace("fr.spie.", "") + ".schema.json"));

    @Test
    void theRepositorysAgreementsAreValidAndEverySubscriptionHasOne() {
        SharingPolicy policy = new SharingPolicy(SharingAgreements.load(Path.of("config/sharing-agreements"),
                knownPartner, knownType), subject -> java.util.List.of());
        for (Partner partner : partners.all()) {
            for (Partner.Subscription subscription : partner.subscriptions()) {
                // Every event type is received for the purposes its senders declare: each needs an agreement.
                partners.all().stream().flatMap(p -> p.inbound().stream())
                        .filter(in -> in.eventType().equals(subscription.eventType()))
                        .forEach(in -> assertThat(policy.agreementFor(partner.id(), subscription.eventType(),
                                in.purpose())).as(partner.id() + " " + subscription.eventType() + " " + in.purpose())
                                .isNotNull());
            }
        }
        SharingAgreement diagnostic = policy.agreementFor("departement", "fr.spie.diagnostic", "rsa-follow-up");
        assertThat(diagnostic.legalBasis().type()).isEqualTo(LegalBasis.Type.PUBLIC_TASK);
        assertThat(diagnostic.legalBasis().reference()).contains("R.263-4-1");
        assertThat(diagnostic.categories()).contains("health", "family");
    }

    @Test
    void aBrokenSetIsRefusedWithEveryProblemOfEveryFile(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("a.yaml"), """
                id: same-id
                recipient: nobody
                eventTypes: [fr.spie.no-such-event]
                purpose: rsa-follow-up
                legalBasis: {type: public-task}
                categories: [identity, secrets]
                colour: blue
                """);
        Files.writeString(folder.resolve("b.yaml"), """
                id: same-id
                recipient: departement
                eventTypes: []
                legalBasis: {type: contract}
                categories: [health]
                """);
        Files.writeString(folder.resolve("c.yaml"), "id: [unclosed\n");
        assertThatThrownBy(() -> SharingAgreements.load(folder, knownPartner, knownType))
                .isInstanceOf(InvalidAgreementsException.class)
                .satisfies(e -> assertThat(((InvalidAgreementsException) e).problems()).containsExactlyInAnyOrder(
                        "a.yaml: unknown field 'colour' (expected [categories, description, eventTypes, id, "
                                + "legalBasis, purpose, recipient])",
                        "a.yaml: recipient 'nobody' is not a partner of config/partners/",
                        "a.yaml: eventTypes: 'fr.spie.no-such-event' has no canonical schema in schemas/canonical/",
                        "a.yaml: categories: 'secrets' is not a data category " + new java.util.TreeSet<>(
                                fr.spie.hub.canonical.DataCategories.ALL),
                        "a.yaml: legalBasis.reference is required for public-task: name the law that sets the "
                                + "mission (e.g. CASF L262-30, R.263-4-1)",
                        "b.yaml: id 'same-id' is already used by a.yaml",
                        "b.yaml: purpose is required (a non-empty text)",
                        "b.yaml: eventTypes is required (a non-empty list)",
                        "b.yaml: legalBasis.type must be public-task or consent, got 'contract'",
                        ((InvalidAgreementsException) e).problems().stream().filter(p -> p.startsWith("c.yaml"))
                                .findFirst().orElse("c.yaml missing")))
                .hasMessageContaining("refused, 10 problem(s)");
    }

    @Test
    void twoAgreementsForTheSameRecipientTypeAndPurposeAreRefused(@TempDir Path folder) throws Exception {
        String agreement = """
                id: %s
                recipient: departement
                eventTypes: [fr.spie.diagnostic]
                purpose: rsa-follow-up
                legalBasis: {type: consent}
                categories: [identity]
                """;
        Files.writeString(folder.resolve("one.yaml"), agreement.formatted("one"));
        Files.writeString(folder.resolve("two.yaml"), agreement.formatted("two"));
        assertThatThrownBy(() -> SharingAgreements.load(folder, knownPartner, knownType))
                .hasMessageContaining("two.yaml: departement / fr.spie.diagnostic / rsa-follow-up is already covered "
                        + "by one.yaml");
    }
}
