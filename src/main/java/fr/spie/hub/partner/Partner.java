package fr.spie.hub.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
     * @param mapping       the JSONata mapping to the canonical event's data (for a message no variant claims)
     * @param eventType     the canonical event type it becomes, e.g. {@code fr.spie.rsa-household}
     * @param purpose       the processing purpose it serves, e.g. {@code rsa-follow-up}
     * @param soap          also offered over SOAP ({@code /services/exchange}, element of the same name in the
     *                      Département's exchange.xsd); REST and the partner's queue are always open
     * @param variants      messages of one type that become different events (i-milo's feed: an RDV is an appointment,
     *                      a SESSION a pathway step): the first variant whose {@code when} matches chooses the mapping
     *                      and event type; a message no variant claims takes the type's own, if it declares one
     */
    public record InboundMessageType(String messageType, String description, String format, List<String> contentTypes,
                                     String schema, String record, String encoding, Csv csv, String announcedCount,
                                     String mapping, String eventType, String purpose, Boolean soap,
                                     List<Variant> variants) {
        public InboundMessageType {
            contentTypes = contentTypes == null ? List.of() : List.copyOf(contentTypes);
            csv = csv == null ? new Csv(";", null, null) : csv;
            soap = soap != null && soap;
            variants = variants == null ? List.of() : List.copyOf(variants);
        }

        public boolean isBatch() {
            return record != null && !record.isBlank();
        }

        public boolean overSoap() {
            return soap;
        }

        /**
         * The declaration that applies to this message: the first variant matching it (its mapping, event type and
         * purpose over the type's), else the type itself when it declares a mapping, else none (no variant claims
         * the message and the type has no default).
         */
        public Optional<InboundMessageType> formFor(JsonNode message) {
            for (Variant variant : variants) {
                if (variant.when() == null || variant.when().matches(message)) {
                    return Optional.of(as(variant));
                }
            }
            return mapping == null ? Optional.empty() : Optional.of(as(null));
        }

        /**
         * Every form a message of this type may take once translated: the type's own (if it has a mapping), then
         * each variant. What the routing matrix, the catalogue checks and the mapping examples go through.
         */
        public List<InboundMessageType> forms() {
            List<InboundMessageType> forms = new ArrayList<>();
            if (mapping != null) {
                forms.add(as(null));
            }
            variants.forEach(v -> forms.add(as(v)));
            return forms;
        }

        /** This type as one of its variants declares it (or as itself, without variants, for {@code null}). */
        private InboundMessageType as(Variant variant) {
            if (variant == null) {
                return variants.isEmpty() ? this : new InboundMessageType(messageType, description, format,
                        contentTypes, schema, record, encoding, csv, announcedCount, mapping, eventType, purpose, soap,
                        List.of());
            }
            return new InboundMessageType(messageType,
                    variant.description() != null ? variant.description() : description, format, contentTypes, schema,
                    record, encoding, csv, announcedCount, variant.mapping(),
                    variant.eventType() != null ? variant.eventType() : eventType,
                    variant.purpose() != null ? variant.purpose() : purpose, soap, List.of());
        }

        /**
         * What keeps this declaration from being applied: a type must map its messages somehow, a variant must say
         * which messages it takes and how they are mapped. Checked at start and by every reload.
         */
        public List<String> declarationProblems() {
            List<String> problems = new ArrayList<>();
            if (mapping == null && variants.isEmpty()) {
                problems.add("inbound " + messageType + " has neither a mapping nor variants");
            }
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get(i);
                String where = "inbound " + messageType + " variant " + (i + 1);
                When when = variant.when();
                if (when != null && (when.field() == null || when.field().isBlank()
                        || (when.equals() == null && when.in().isEmpty()))) {
                    problems.add(where + ": when needs a field and a value (equals: or in:)");
                }
                if (variant.mapping() == null) {
                    problems.add(where + " has no mapping");
                }
                if (variant.eventType() == null && eventType == null) {
                    problems.add(where + " has no event type (nor has its message type)");
                }
            }
            return problems;
        }

        /** The field that chooses between the variants, for a message none of them claims. */
        public String variantField() {
            return variants.stream().map(Variant::when).filter(w -> w != null && w.field() != null)
                    .map(When::field).findFirst().orElse(null);
        }
    }

    /**
     * One kind of message within an inbound message type.
     *
     * @param when        which messages it takes; absent: every message that reaches it
     * @param description what these messages are, for the routing matrix
     * @param mapping     the JSONata mapping of these messages (required)
     * @param eventType   the canonical event type they become; absent: the type's own
     * @param purpose     the purpose they serve; absent: the type's own
     */
    public record Variant(When when, String description, String mapping, String eventType, String purpose) {
    }

    /**
     * A test on one field of the message as it came (after its schema validation).
     *
     * @param field  the field's path from the message's root, dotted for nested objects (e.g. {@code type})
     * @param equals the value it must have, compared as text...
     * @param in     ...or one of these values
     */
    public record When(String field, String equals, List<String> in) {
        public When {
            in = in == null ? List.of() : List.copyOf(in);
        }

        boolean matches(JsonNode message) {
            JsonNode value = message;
            for (String part : field.split("\\.")) {
                value = value == null ? null : value.get(part);
            }
            if (value == null || value.isNull() || value.isContainerNode()) {
                return false;
            }
            String text = value.asText();
            return text.equals(equals) || in.contains(text);
        }

        @Override
        public String toString() {
            return field + (equals != null ? " = " + equals : "") + (in.isEmpty() ? "" : " in " + in);
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
