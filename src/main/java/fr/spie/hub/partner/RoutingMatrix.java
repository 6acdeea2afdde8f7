package fr.spie.hub.partner;

import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.Partner.Subscription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What flows where, read from the partner files: who sends which message type (becoming which event), and who
 * receives which event type, in which message type, format and channel. Written as Markdown tables for
 * docs/partners.md (a test keeps that page equal to the files) and for the {@code partners} command.
 */
public final class RoutingMatrix {

    private final PartnerRegistry partners;

    public RoutingMatrix(PartnerRegistry partners) {
        this.partners = partners;
    }

    public String inboundTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| partner | message type | format | channels | becomes | purpose |");
        rows.add("|---|---|---|---|---|---|");
        for (Partner partner : partners.all()) {
            for (InboundMessageType type : partner.inbound()) {
                for (InboundMessageType form : type.forms()) {
                    String variant = type.variants().isEmpty() ? "" : " " + whenOf(type, form);
                    rows.add("| " + partner.id() + " | `" + type.messageType() + "`" + variant + " | " + type.format()
                            + (type.isBatch() ? " (batch: " + type.record() + ")" : "") + " | " + channelsOf(type)
                            + " | `" + form.eventType() + "` | " + form.purpose() + " |");
                }
            }
        }
        return String.join("\n", rows);
    }

    /** Where a message type may come in: REST and the partner's queue always, the inbox for batches, SOAP if declared. */
    static String channelsOf(InboundMessageType type) {
        List<String> channels = new ArrayList<>(List.of("REST", "queue"));
        if (type.isBatch()) {
            channels.add("inbox file");
        }
        if (type.overSoap()) {
            channels.add("SOAP");
        }
        return String.join(", ", channels);
    }

    /** Which messages of the type a form takes: its variant's condition, or "(other)" for the type's own mapping. */
    private static String whenOf(InboundMessageType type, InboundMessageType form) {
        return type.variants().stream().filter(v -> v.mapping().equals(form.mapping())).findFirst()
                .map(v -> v.when() == null ? "(other)" : "(" + v.when() + ")").orElse("(other)");
    }

    public String deliveryTable() {
        record Row(String eventType, String recipient, Subscription subscription, Partner.Delivery channel) {
        }
        List<Row> found = new ArrayList<>();
        for (Partner partner : partners.all()) {
            for (Subscription subscription : partner.subscriptions()) {
                found.add(new Row(subscription.eventType(), partner.id(), subscription, partner.channelOf(subscription)));
            }
        }
        found.sort(Comparator.comparing(Row::eventType).thenComparing(Row::recipient));
        List<String> rows = new ArrayList<>();
        rows.add("| event type | recipient | message type | format | channel |");
        rows.add("|---|---|---|---|---|");
        for (Row row : found) {
            String channel = describe(row.channel(), row.recipient());
            rows.add("| `" + row.eventType() + "` | " + row.recipient() + " | `" + row.subscription().messageType()
                    + "` | " + row.subscription().format() + " | " + channel + " |");
        }
        return String.join("\n", rows);
    }

    /** The channel as a reader needs it: the queue's name, the outbox folder, or the kind of remote endpoint. */
    static String describe(Partner.Delivery channel, String recipient) {
        return switch (channel.channel()) {
            case "queue" -> "queue `spie.outbound." + recipient + "`";
            case "file" -> "file drop `data/" + channel.directory() + "/`";
            case "webhook" -> "webhook (HTTP POST)";
            case "soap" -> "SOAP (`schemas/hub/delivery.wsdl`)";
            default -> channel.channel();
        };
    }

    /** Both tables, as docs/partners.md holds them between its markers. */
    public String markdown() {
        return "### Inbound\n\n" + inboundTable() + "\n\n### Delivered\n\n" + deliveryTable() + "\n";
    }
}
