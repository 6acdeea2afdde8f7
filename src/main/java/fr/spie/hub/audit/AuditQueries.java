package fr.spie.hub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditEvent.Step;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import fr.spie.hub.audit.ConsentsOfPerson.ConsentOnRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What auditors ask of the journal: events by person, partner, exchange, message type, step and time, a page at a
 * time; the whole journey of one exchange; and a person's access report (every exchange about them, who received
 * which categories, on which basis). A person is found as an exchange's subject or among its persons (a spouse).
 */
@Component
public class AuditQueries {

    public static final int MAX_PAGE_SIZE = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final ObjectProvider<ConsentsOfPerson> consents;

    /** {@code consents}: the consent registry's records, when the consent capability runs (it always does in the hub). */
    public AuditQueries(JdbcTemplate jdbc, ObjectProvider<ConsentsOfPerson> consents) {
        this.jdbc = jdbc;
        this.consents = consents;
    }

    /** The criteria of a search; any may be null. {@code partner} matches the sender or the recipient. */
    public record Criteria(String subject, String partner, String exchangeId, String messageType, Step step,
                           Instant from, Instant to) {
    }

    /** One page of events, newest first, and how many match in all. */
    public record Page(int page, int size, long total, List<ChainedEvent> events) {
    }

    public Page events(Criteria c, int page, int size) {
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int pageNumber = Math.max(0, page);
        StringBuilder where = new StringBuilder(" WHERE seq IS NOT NULL");
        List<Object> args = new ArrayList<>();
        if (c.subject() != null) {
            where.append(" AND (subject = ? OR exchange_id IN (SELECT exchange_id FROM audit_person WHERE subject = ?))");
            args.add(c.subject());
            args.add(c.subject());
        }
        if (c.partner() != null) {
            where.append(" AND (sender = ? OR recipient = ?)");
            args.add(c.partner());
            args.add(c.partner());
        }
        if (c.exchangeId() != null) {
            where.append(" AND exchange_id = ?");
            args.add(c.exchangeId());
        }
        if (c.messageType() != null) {
            where.append(" AND message_type = ?");
            args.add(c.messageType());
        }
        if (c.step() != null) {
            where.append(" AND step = ?");
            args.add(c.step().name());
        }
        if (c.from() != null) {
            where.append(" AND recorded_at >= ?");
            args.add(OffsetDateTime.ofInstant(c.from(), ZoneOffset.UTC));
        }
        if (c.to() != null) {
            where.append(" AND recorded_at < ?");
            args.add(OffsetDateTime.ofInstant(c.to(), ZoneOffset.UTC));
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(pageSize);
        pageArgs.add((long) pageNumber * pageSize);
        List<ChainedEvent> events = jdbc.query("SELECT " + AuditRecords.COLUMNS + " FROM audit_event" + where
                + " ORDER BY id DESC LIMIT ? OFFSET ?", AuditRecords.ROW, pageArgs.toArray());
        return new Page(pageNumber, pageSize, total == null ? 0 : total, events);
    }

    /** Every event of one exchange, in chain order. */
    public List<ChainedEvent> journey(String exchangeId) {
        return new AuditRecords(jdbc).journeyOf(exchangeId);
    }

    /** The exchanges naming this person, oldest first. */
    public List<String> exchangesAbout(String subject) {
        return jdbc.queryForList("""
                SELECT exchange_id FROM (
                    SELECT exchange_id, MIN(id) AS first_row FROM audit_event
                    WHERE exchange_id IS NOT NULL AND (subject = ?
                          OR exchange_id IN (SELECT exchange_id FROM audit_person WHERE subject = ?))
                    GROUP BY exchange_id) found
                ORDER BY first_row""", String.class, subject, subject);
    }

    // ---- the access report ---------------------------------------------------------------------------------------

    /**
     * What one recipient got of one exchange and why. {@code decision}, {@code legalBasis}, {@code agreement},
     * {@code consents}, {@code removed} and {@code reason} come from the SHARING_DECIDED event when consent decided;
     * {@code categories} are those shared, or, without a decision, those the accepted event carried.
     */
    public record RecipientShare(String recipient, String messageType, String decision, String legalBasis,
                                 String agreement, List<String> consents, List<String> categories,
                                 List<String> removed, String reason, String status, Instant at) {
    }

    /** One exchange about the person, as the report tells it. */
    public record ExchangeAbout(String exchangeId, Instant receivedAt, String sender, String messageType,
                                String eventType, String purpose, String status, List<String> categories,
                                List<RecipientShare> recipients) {
    }

    /**
     * The GDPR access report of one person (Article 15: who received what, when, why and on which basis), with the
     * person's consent records (given, expired or withdrawn: every decision that named one can be read against it).
     */
    public record AccessReport(String subject, Instant generatedAt, int exchangeCount, List<String> recipients,
                               List<ExchangeAbout> exchanges, List<ConsentOnRecord> consents) {
    }

    public AccessReport accessReport(String subject) {
        List<ExchangeAbout> exchanges = new ArrayList<>();
        Set<String> recipients = new LinkedHashSet<>();
        for (String exchangeId : exchangesAbout(subject)) {
            ExchangeAbout about = summarise(exchangeId, journey(exchangeId));
            about.recipients().forEach(r -> recipients.add(r.recipient()));
            exchanges.add(about);
        }
        ConsentsOfPerson registry = consents.getIfAvailable();
        List<ConsentOnRecord> recorded = registry == null ? List.of() : registry.consentsOf(subject);
        return new AccessReport(subject, Instant.now(), exchanges.size(), List.copyOf(recipients), exchanges,
                recorded);
    }

    public static ExchangeAbout summarise(String exchangeId, List<ChainedEvent> journey) {
        Instant receivedAt = null;
        String sender = null;
        String messageType = null;
        String eventType = null;
        String purpose = null;
        String status = "in progress";
        List<String> categories = List.of();
        Map<String, RecipientBuilder> byRecipient = new LinkedHashMap<>();
        for (ChainedEvent chained : journey) {
            AuditEvent e = chained.event();
            if (receivedAt == null) {
                receivedAt = e.recordedAt();
                sender = e.sender();
                messageType = e.messageType();
            }
            purpose = purpose == null ? e.purpose() : purpose;
            switch (e.step()) {
                case ACCEPTED -> {
                    status = "accepted";
                    eventType = e.detail();
                    categories = e.dataCategories();
                }
                // A consent change is stored as an exchange of its own as it is recorded (no RECEIVED/ACCEPTED).
                case CONSENT_CHANGED -> status = "accepted";
                case REJECTED -> status = "rejected";
                // Written under the first exchange's id when the same submission comes again: that exchange keeps
                // what it became (accepted, delivered...); only a journey with nothing else to say is a duplicate.
                case DUPLICATE -> status = "in progress".equals(status) ? "duplicate" : status;
                case QUARANTINED -> status = "quarantined";
                default -> {
                }
            }
            // The recipient a consent change names is who the consent concerns, not who received the change.
            if (e.recipient() == null || e.step() == Step.CONSENT_CHANGED) {
                continue;
            }
            RecipientBuilder r = byRecipient.computeIfAbsent(e.recipient(), RecipientBuilder::new);
            r.messageType = r.messageType == null ? e.messageType() : r.messageType;
            switch (e.step()) {
                case SHARING_DECIDED -> r.decision(e.detail());
                case DELIVERED -> r.status("delivered", e.recordedAt());
                case DISPATCH_QUEUED -> r.statusIfNone("queued for dispatch", e.recordedAt());
                case DELIVERY_FAILED, DEAD_LETTERED -> r.status("not delivered", e.recordedAt());
                case RETRIED -> r.statusIfNone("retrying", e.recordedAt());
                case REPLAYED -> r.status("replayed", e.recordedAt());
                default -> r.statusIfNone("routed", e.recordedAt());
            }
        }
        List<String> accepted = categories;
        List<RecipientShare> shares = byRecipient.values().stream().map(r -> r.build(accepted)).toList();
        return new ExchangeAbout(exchangeId, receivedAt, sender, messageType, eventType, purpose, status, categories,
                shares);
    }

    private static final class RecipientBuilder {
        final String recipient;
        String messageType;
        String decision;
        String legalBasis;
        String agreement;
        List<String> consents = List.of();
        List<String> shared;
        List<String> removed = List.of();
        String reason;
        String status;
        Instant at;

        RecipientBuilder(String recipient) {
            this.recipient = recipient;
        }

        void status(String value, Instant when) {
            status = value;
            at = when;
        }

        void statusIfNone(String value, Instant when) {
            if (status == null || "routed".equals(status)) {
                status(value, when);
            }
        }

        /** Read generically: the consent capability writes its decision as JSON; anything else is kept as reason. */
        void decision(String detail) {
            JsonNode node = null;
            try {
                node = detail == null ? null : JSON.readTree(detail);
            } catch (Exception e) {
                // not JSON: the detail is the reason in words
            }
            if (node == null || !node.isObject()) {
                reason = detail;
                return;
            }
            decision = text(node, "verdict", "decision", "outcome");
            legalBasis = text(node, "legalBasis", "basis");
            agreement = text(node, "agreement", "sharingAgreement");
            consents = list(node, "consents", "consentRecords", "record", "consentId");
            List<String> sharedList = list(node, "shared", "categories", "allowedCategories");
            shared = sharedList.isEmpty() && !node.has("shared") ? null : sharedList;
            removed = list(node, "removed", "removedCategories");
            reason = text(node, "reason");
        }

        RecipientShare build(List<String> accepted) {
            List<String> categories = shared != null ? shared
                    : ("delivered".equals(status) || "queued for dispatch".equals(status)) ? accepted : List.of();
            if ("REFUSED".equalsIgnoreCase(decision) && status == null) {
                status = "refused";
            }
            return new RecipientShare(recipient, messageType, decision, legalBasis, agreement, consents, categories,
                    removed, reason, status == null ? "routed" : status, at);
        }

        private static String text(JsonNode node, String... names) {
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value != null && !value.isNull()) {
                    return value.isValueNode() ? value.asText() : value.toString();
                }
            }
            return null;
        }

        private static List<String> list(JsonNode node, String... names) {
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value == null || value.isNull()) {
                    continue;
                }
                List<String> values = new ArrayList<>();
                if (value.isArray()) {
                    value.forEach(v -> values.add(v.asText()));
                } else {
                    values.add(value.asText());
                }
                return values;
            }
            return List.of();
        }
    }

    // ---- CSV -------------------------------------------------------------------------------------------------------

    /**
     * The report as a spreadsheet: UTF-8 with a byte order mark and {@code ;} separators (what Excel in French expects),
     * one line per exchange and recipient. A cell starting with {@code = + - @}, a tab or a carriage return is
     * prefixed with an apostrophe, so that a spreadsheet never runs it as a formula.
     */
    public static String csv(AccessReport report) {
        StringBuilder out = new StringBuilder("\uFEFF");
        row(out, "exchange_id", "received_at", "sender", "message_type", "event_type", "purpose", "status",
                "recipient", "recipient_message_type", "delivery_status", "delivered_at", "categories_received",
                "categories_removed", "decision", "legal_basis", "agreement", "consent_records", "reason");
        for (ExchangeAbout e : report.exchanges()) {
            List<RecipientShare> recipients = e.recipients().isEmpty()
                    ? List.of(new RecipientShare(null, null, null, null, null, List.of(), List.of(), List.of(), null,
                    null, null)) : e.recipients();
            for (RecipientShare r : recipients) {
                row(out, e.exchangeId(), str(e.receivedAt()), e.sender(), e.messageType(), e.eventType(), e.purpose(),
                        e.status(), r.recipient(), r.messageType(), r.status(), str(r.at()),
                        String.join(", ", r.categories()), String.join(", ", r.removed()), r.decision(),
                        r.legalBasis(), r.agreement(), String.join(", ", r.consents()), r.reason());
            }
        }
        if (!report.consents().isEmpty()) {
            // The person's consents: a second table after an empty line, the decisions above name them by id.
            out.append("\r\n");
            row(out, "consent_id", "consent_recipient", "purposes", "categories", "consent_type", "consent_status",
                    "given_at", "expires_at", "withdrawn_at", "collection_method", "evidence_reference",
                    "collected_by", "recorded_by", "recorded_at");
            for (ConsentOnRecord c : report.consents()) {
                row(out, c.id(), c.recipient(), String.join(", ", c.purposes()), String.join(", ", c.categories()),
                        c.consentType(), c.status(), str(c.givenAt()), str(c.expiresAt()), str(c.withdrawnAt()),
                        c.collectionMethod(), c.evidenceReference(), c.collectedBy(), c.recordedBy(),
                        str(c.recordedAt()));
            }
        }
        return out.toString();
    }

    private static String str(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(';');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
    }

    /** One cell, neutralised against formula injection and quoted when it holds a separator, a quote or a line break. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(';') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
