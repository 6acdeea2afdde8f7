package fr.spie.hub.partner;

import java.util.List;
import java.util.Optional;

/**
 * A partner as its file under {@code config/partners/} declares it: who it is, how it authenticates, what it may send
 * (inbound message types) and what it receives (subscriptions), on which channel.
 */
public record Partner(String id, String name, Credentials credentials, List<InboundMessageType> inbound,
                      Delivery delivery, List<Subscription> subscriptions) {

    public Partner {
        inbound = inbound == null ? List.of() : List.copyOf(inbound);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        credentials = credentials == null ? new Credentials(List.of()) : credentials;
        delivery = delivery == null ? new Delivery("queue") : delivery;
    }

    public Optional<InboundMessageType> inboundType(String messageType) {
        return inbound.stream().filter(t -> t.messageType().equals(messageType)).findFirst();
    }

    public Optional<Subscription> subscriptionTo(String eventType) {
        return subscriptions.stream().filter(s -> s.eventType().equals(eventType)).findFirst();
    }

    /** API keys are stored as SHA-256 hashes only; the keys themselves never reach a file or a log. */
    public record Credentials(List<String> apiKeySha256) {
        public Credentials {
            apiKeySha256 = apiKeySha256 == null ? List.of() : List.copyOf(apiKeySha256);
        }
    }

    /**
     * A message the partner sends in its own format.
     *
     * @param format        xml, json or csv
     * @param schema        the partner's schema (XSD or JSON Schema), path from the hub's home
     * @param record        for batch formats, the element (XML) that holds one record, or {@code row} (CSV); absent for
     *                      single messages
     * @param encoding      the charset of the bytes when the document does not declare one (XML) or at all (CSV)
     * @param csv           for CSV: delimiter and null token
     * @param announcedCount where the file announces its own record count (dotted path in a header), if it does
     * @param mapping       the JSONata mapping to the canonical event's data
     * @param eventType     the canonical event type it becomes, e.g. {@code fr.spie.rsa-household}
     * @param purpose       the processing purpose it serves, e.g. {@code rsa-follow-up}
     */
    public record InboundMessageType(String messageType, String description, String format, List<String> contentTypes,
                                     String schema, String record, String encoding, Csv csv, String announcedCount,
                                     String mapping, String eventType, String purpose) {
        public InboundMessageType {
            contentTypes = contentTypes == null ? List.of() : List.copyOf(contentTypes);
            csv = csv == null ? new Csv(";", null, null) : csv;
        }

        public boolean isBatch() {
            return record != null && !record.isBlank();
        }
    }

    /**
     * How a CSV is cut: its delimiter (";" by default), the cell text meaning "no value" (e.g. NULL), if any, and
     * whether a row shorter than the header is read with its missing trailing cells as empty ({@code padShortRows},
     * off by default: spreadsheet exports drop trailing empty cells, database extracts never should).
     */
    public record Csv(String delimiter, String nullValue, Boolean padShortRows) {
        public Csv {
            delimiter = delimiter == null || delimiter.isEmpty() ? ";" : delimiter;
            padShortRows = padShortRows != null && padShortRows;
        }
    }

    /**
     * How the partner receives its messages.
     *
     * @param channel   {@code queue} (Artemis {@code spie.outbound.{partner}}, the default), {@code webhook} (HTTP(S)
     *                  POST to {@code url}), {@code soap} (the hub's delivery WSDL at {@code url}) or {@code file}
     *                  (one file per message in {@code directory}, under the data folder)
     * @param url       for webhook and SOAP: may hold {@code ${VARIABLE:default}} placeholders, resolved when sending
     * @param directory for file: the folder, relative to the data folder (e.g. {@code outbox/caf})
     */
    public record Delivery(String channel, String url, String directory) {
        public Delivery {
            channel = channel == null || channel.isBlank() ? "queue" : channel;
        }

        public Delivery(String channel) {
            this(channel, null, null);
        }

        public boolean isQueue() {
            return "queue".equals(channel);
        }
    }

    /**
     * An event type the partner receives, translated to its own message type and format.
     *
     * @param mapping JSONata mapping from the canonical event (envelope and data) to the partner's message
     * @param schema  the partner's schema the translated message must satisfy before it leaves the hub
     * @param delivery the channel of this event type, when it is not the partner's own {@code delivery}
     */
    public record Subscription(String eventType, String messageType, String format, String mapping, String schema,
                               Delivery delivery) {

        public Subscription(String eventType, String messageType, String format, String mapping, String schema) {
            this(eventType, messageType, format, mapping, schema, null);
        }
    }

    /** The channel a subscription is delivered on: its own when it declares one, else the partner's. */
    public Delivery channelOf(Subscription subscription) {
        return subscription.delivery() != null ? subscription.delivery() : delivery;
    }
}
