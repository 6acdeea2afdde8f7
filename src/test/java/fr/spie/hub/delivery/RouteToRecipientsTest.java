package fr.spie.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.Subscription;
import fr.spie.hub.partner.PartnerRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step 7: subscribers receive the event, in id order; the sender never gets its own event back. */
class RouteToRecipientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Partner partner(String id, String... eventTypes) {
        List<Subscription> subscriptions = java.util.Arrays.stream(eventTypes)
                .map(t -> new Subscription(t, "msg", "json", "m.jsonata", "s.json")).toList();
        return new Partner(id, id, null, List.of(), null, subscriptions);
    }

    private static String event(String type, String sender) {
        return "{\"specversion\":\"1.0\",\"id\":\"ex-1\",\"source\":\"/partners/" + sender + "\",\"type\":\"" + type
                + "\",\"time\":\"2026-01-01T00:00:00Z\",\"subject\":\"s\",\"data\":{}}";
    }

    @Test
    void everySubscriberButTheSenderReceivesIt() throws Exception {
        PartnerRegistry registry = new PartnerRegistry(List.of(partner("departement", "fr.spie.rsa-household"),
                partner("caf", "fr.spie.rsa-household"), partner("france-travail", "fr.spie.rsa-household"),
                partner("mission-locale", "fr.spie.appointment")));
        DeliveryRun run = new RouteToRecipients(registry, JSON).apply(event("fr.spie.rsa-household", "caf"));
        assertThat(run.deliveries()).extracting(d -> d.recipient().id()).containsExactly("departement", "france-travail");
        assertThat(run.sender()).isEqualTo("caf");
        assertThat(run.auditEvents()).singleElement().satisfies(e -> {
            assertThat(e.step()).isEqualTo(AuditEvent.Step.ROUTED);
            assertThat(e.detail()).isEqualTo("departement,france-travail");
        });
    }

    private static String consentChange(String... recipients) {
        return "{\"specversion\":\"1.0\",\"id\":\"ex-2\",\"source\":\"/spie-hub/consent-registry\","
                + "\"type\":\"fr.spie.consent-change\",\"time\":\"2026-01-01T00:00:00Z\",\"subject\":\"s\","
                + "\"data\":{\"consentId\":\"c-1\",\"status\":\"withdrawn\",\"purposes\":[\"rsa-follow-up\"],"
                + "\"recipients\":[\"" + String.join("\",\"", recipients) + "\"]}}";
    }

    @Test
    void aConsentChangeGoesOnlyToTheSubscribersItsConsentNames() throws Exception {
        PartnerRegistry registry = new PartnerRegistry(List.of(partner("departement", "fr.spie.consent-change"),
                partner("mission-locale", "fr.spie.consent-change"), partner("caf", "fr.spie.rsa-household")));
        RouteToRecipients route = new RouteToRecipients(registry, JSON);
        assertThat(route.apply(consentChange("mission-locale")).deliveries()).extracting(d -> d.recipient().id())
                .containsExactly("mission-locale");
        assertThat(route.apply(consentChange("france-travail")).deliveries()).isEmpty();
        assertThat(route.apply(consentChange("all-spie-partners")).deliveries()).extracting(d -> d.recipient().id())
                .containsExactly("departement", "mission-locale");
    }

    @Test
    void anEventNobodySubscribesToIsRoutedNowhereAndSaysSo() throws Exception {
        PartnerRegistry registry = new PartnerRegistry(List.of(partner("departement", "fr.spie.rsa-household")));
        DeliveryRun run = new RouteToRecipients(registry, JSON).apply(event("fr.spie.diagnostic", "france-travail"));
        assertThat(run.deliveries()).isEmpty();
        assertThat(run.auditEvents().get(0).detail()).isEqualTo("no subscriber");
    }

    @Test
    void theDemoPartnerFilesRouteCafHouseholdsToTheDepartementAndFranceTravail() throws Exception {
        PartnerRegistry registry = PartnerRegistry.load(Path.of("config/partners"));
        DeliveryRun run = new RouteToRecipients(registry, JSON).apply(event("fr.spie.rsa-household", "caf"));
        assertThat(run.deliveries()).extracting(d -> d.subscription().messageType())
                .containsExactly("foyer-rsa", "beneficiaire-rsa");
    }
}
