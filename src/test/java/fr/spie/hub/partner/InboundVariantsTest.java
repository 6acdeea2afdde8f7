package fr.spie.hub.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.Partner.Variant;
import fr.spie.hub.partner.Partner.When;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Variants of an inbound message type: which mapping and event type a message takes, as the partner file says. */
class InboundVariantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode message(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static InboundMessageType type(String mapping, String eventType, List<Variant> variants) {
        return new InboundMessageType("feed", "a feed", "json", List.of("application/json"), "schemas/x.json", null,
                null, null, null, mapping, eventType, "youth-follow-up", null, variants);
    }

    @Test
    void missionLocalesFeedSendsRdvEventsToTheAppointmentMappingAndTheOthersToThePathwayStep() throws Exception {
        Partner missionLocale = PartnerRegistry.read(Path.of("config/partners/mission-locale.yaml"));
        InboundMessageType feed = missionLocale.inboundType("evenement").orElseThrow();

        InboundMessageType rdv = feed.formFor(message("{\"type\": \"RDV\", \"action\": \"CREATE\"}")).orElseThrow();
        assertThat(rdv.eventType()).isEqualTo("fr.spie.appointment");
        assertThat(rdv.mapping()).isEqualTo("mappings/mission-locale/evenement-rdv/to-canonical.jsonata");
        assertThat(rdv.purpose()).as("inherited from the message type").isEqualTo("youth-follow-up");
        assertThat(rdv.schema()).as("the feed's one schema").isEqualTo(feed.schema());

        for (String other : new String[] {"SESSION", "DOSSIER"}) {
            InboundMessageType step = feed.formFor(message("{\"type\": \"" + other + "\"}")).orElseThrow();
            assertThat(step.eventType()).as(other).isEqualTo("fr.spie.pathway-step");
            assertThat(step.mapping()).isEqualTo("mappings/mission-locale/evenement/to-canonical.jsonata");
        }
        assertThat(feed.forms()).extracting(InboundMessageType::eventType)
                .containsExactly("fr.spie.pathway-step", "fr.spie.appointment");
    }

    @Test
    void theFirstMatchingVariantWinsOnANestedFieldOrAListOfValues() throws Exception {
        InboundMessageType type = type("m/default.jsonata", "fr.spie.pathway-step", List.of(
                new Variant(new When("event.kind", null, List.of("RDV", "ENTRETIEN")), null, "m/rdv.jsonata",
                        "fr.spie.appointment", null),
                new Variant(new When("event.kind", "ENTRETIEN", null), null, "m/never.jsonata", null, "other")));
        assertThat(type.formFor(message("{\"event\": {\"kind\": \"ENTRETIEN\"}}")).orElseThrow().mapping())
                .isEqualTo("m/rdv.jsonata");
        assertThat(type.formFor(message("{\"event\": {\"kind\": \"SESSION\"}}")).orElseThrow().mapping())
                .isEqualTo("m/default.jsonata");
        // A field that is absent, null or an object matches nothing: the type's own mapping takes the message.
        assertThat(type.formFor(message("{\"event\": {\"kind\": null}}")).orElseThrow().mapping())
                .isEqualTo("m/default.jsonata");
        assertThat(type.formFor(message("{\"event\": {\"kind\": {\"RDV\": 1}}}")).orElseThrow().mapping())
                .isEqualTo("m/default.jsonata");
    }

    @Test
    void withoutADefaultMappingAMessageNoVariantClaimsHasNoForm() throws Exception {
        InboundMessageType type = type(null, null, List.of(new Variant(new When("type", "RDV", null), null,
                "m/rdv.jsonata", "fr.spie.appointment", null)));
        assertThat(type.formFor(message("{\"type\": \"SESSION\"}"))).isEmpty();
        assertThat(type.variantField()).isEqualTo("type");
        assertThat(type.forms()).hasSize(1);
    }

    @Test
    void theConfigurationCheckRefusesVariantsThatCannotBeApplied() {
        assertThat(type(null, null, List.of()).declarationProblems())
                .containsExactly("inbound feed has neither a mapping nor variants");
        assertThat(type(null, null, List.of(
                new Variant(new When("type", null, null), null, "m/a.jsonata", "fr.spie.appointment", null),
                new Variant(new When("type", "RDV", null), null, null, null, null))).declarationProblems())
                .containsExactly("inbound feed variant 1: when needs a field and a value (equals: or in:)",
                        "inbound feed variant 2 has no mapping",
                        "inbound feed variant 2 has no event type (nor has its message type)");
    }
}
