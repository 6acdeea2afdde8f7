package fr.spie.hub.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/partners.md shows the routing matrix of the partner files, never an older one. */
class PartnersDocTest {

    private static final String START = "<!-- routing-matrix:start -->\n";
    private static final String END = "<!-- routing-matrix:end -->";

    @Test
    void theDocumentedMatrixIsTheOneOfThePartnerFiles() throws Exception {
        String page = Files.readString(Path.of("docs/partners.md"));
        assertThat(page).contains(START).contains(END);
        String documented = page.substring(page.indexOf(START) + START.length(), page.indexOf(END));
        String expected = new RoutingMatrix(PartnerRegistry.load(Path.of("config/partners"))).markdown();
        assertThat(documented).as("docs/partners.md is out of date; paste `java -jar target/spie-hub.jar partners`")
                .isEqualTo(expected);
    }

    @Test
    void everyDeliveryRowNamesTheChannelItsPartnerFileDeclares() {
        PartnerRegistry registry = PartnerRegistry.load(Path.of("config/partners"));
        String table = new RoutingMatrix(registry).deliveryTable();
        for (Partner partner : registry.all()) {
            for (Partner.Subscription s : partner.subscriptions()) {
                Partner.Delivery channel = partner.channelOf(s);
                String expected = switch (channel.channel()) {
                    case "queue" -> "queue `spie.outbound." + partner.id() + "`";
                    case "file" -> "file drop `data/" + channel.directory() + "/`";
                    case "webhook" -> "webhook";
                    case "soap" -> "SOAP";
                    default -> throw new AssertionError(partner.id() + " declares an unknown channel "
                            + channel.channel() + " for " + s.eventType());
                };
                assertThat(table).as(partner.id() + " " + s.eventType())
                        .contains("| `" + s.eventType() + "` | " + partner.id() + " | `" + s.messageType() + "` | "
                                + s.format() + " | " + expected);
            }
        }
    }

    @Test
    void everySubscriptionAndInboundTypeAppearsInTheMatrix() {
        PartnerRegistry registry = PartnerRegistry.load(Path.of("config/partners"));
        RoutingMatrix matrix = new RoutingMatrix(registry);
        for (Partner partner : registry.all()) {
            partner.inbound().forEach(t -> assertThat(matrix.inboundTable()).contains("`" + t.messageType() + "`"));
            partner.subscriptions().forEach(s -> assertThat(matrix.deliveryTable())
                    .contains("| " + partner.id() + " | `" + s.messageType() + "`"));
        }
    }

    @Test
    void theInboundMatrixListsTheChannelsOfEachMessageTypeIncludingSoapAndEachVariant() {
        PartnerRegistry registry = PartnerRegistry.load(Path.of("config/partners"));
        String table = new RoutingMatrix(registry).inboundTable();
        // The Département's decisions come over REST, its queue and SOAP, as departement.yaml says (soap: true).
        for (String decision : new String[] {"orientation", "sanction", "contrat", "cohorte"}) {
            assertThat(table).contains("| departement | `" + decision + "` | json | REST, queue, SOAP | ");
        }
        assertThat(table).contains("| departement | `beneficiaires` | csv (batch: row) | REST, queue, inbox file | ");
        // One feed, two event types: i-milo's RDV events are appointments, the others pathway steps.
        assertThat(table).contains("| mission-locale | `evenement` (type = RDV) | json | REST, queue | "
                + "`fr.spie.appointment` | youth-follow-up |");
        assertThat(table).contains("| mission-locale | `evenement` (other) | json | REST, queue | "
                + "`fr.spie.pathway-step` | youth-follow-up |");
        for (Partner partner : registry.all()) {
            for (Partner.InboundMessageType type : partner.inbound()) {
                assertThat(table).as(partner.id() + " " + type.messageType() + " over SOAP")
                        .contains("`" + type.messageType() + "`" + (type.variants().isEmpty() ? " | " : ""));
                if (!type.overSoap()) {
                    assertThat(table).doesNotContain("| " + partner.id() + " | `" + type.messageType()
                            + "` | " + type.format() + " | REST, queue, SOAP");
                }
            }
        }
    }
}
