package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.validation.OperationOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One inbound message (or one record of a batch file) on its way through the receiving pipeline: what arrived, what
 * each step made of it, the issues found so far and the audit events waiting to be journaled with it.
 */
public final class MessageInTransit {

    /** Where the message stands once the pipeline is done with it. */
    public enum Status { IN_PROGRESS, ACCEPTED, REJECTED, FAILED, DUPLICATE }

    private String exchangeId;
    private final String correlationId;
    private final Instant receivedAt;
    private final String partnerId;
    private final String messageType;
    private final int record;
    private final JsonNode tree;
    private final Map<String, ObjectNode> headers;
    private final String payloadSha256;
    private final List<AuditEvent> audit = new ArrayList<>();
    private final boolean readWithoutErrors;
    private String channel;

    private Partner partner;
    private InboundMessageType declaration;
    private OperationOutcome outcome;
    private CanonicalEvent event;
    private Status status = Status.IN_PROGRESS;
    private AcceptedBatch batch;
    private long turn = -1;
    private String intakeKey;
    private boolean keyUnregistered;
    private byte[] raw;
    private boolean resumed;

    /**
     * @param record        1-based position in its batch file, 0 for a message sent alone
     * @param tree          the message in its partner's format, as a JSON tree
     * @param headers       the batch file's header and trailer trees, if any (e.g. IdentificationFlux)
     * @param parseOutcome  what reading the message found (for XML, its XSD validation, done while streaming)
     */
    public MessageInTransit(String exchangeId, String correlationId, Instant receivedAt, String partnerId,
                            String messageType, int record, JsonNode tree, Map<String, ObjectNode> headers,
                            String payloadSha256, OperationOutcome parseOutcome) {
        this.exchangeId = exchangeId;
        this.correlationId = correlationId;
        this.receivedAt = receivedAt;
        this.partnerId = partnerId;
        this.messageType = messageType;
        this.record = record;
        this.tree = tree;
        this.headers = headers == null ? Map.of() : headers;
        this.payloadSha256 = payloadSha256;
        this.outcome = parseOutcome == null ? OperationOutcome.ok() : parseOutcome;
        this.readWithoutErrors = !this.outcome.hasErrors();
    }

    /** Records a step in the audit trail of this exchange. */
    public void audit(Step step, Outcome result, String recipient, String detail) {
        audit.add(new AuditEvent(Instant.now(), exchangeId, correlationId, step, result, partnerId, recipient,
                messageType, event == null ? null : event.subject(), declaration == null ? null : declaration.purpose(),
                payloadSha256, detail));
    }

    /** Adds the issues a step found; errors stop the message here. */
    public void addIssues(OperationOutcome found, Step step) {
        outcome = outcome.and(found);
        if (found.hasErrors()) {
            throw new ExchangeRejectedException(outcome, step);
        }
    }

    public String exchangeId() { return exchangeId; }
    public String correlationId() { return correlationId; }
    public Instant receivedAt() { return receivedAt; }
    public String partnerId() { return partnerId; }
    public String messageType() { return messageType; }
    public int record() { return record; }
    public JsonNode tree() { return tree; }
    public Map<String, ObjectNode> headers() { return headers; }
    public String payloadSha256() { return payloadSha256; }
    public List<AuditEvent> auditEvents() { return audit; }
    public Partner partner() { return partner; }
    public InboundMessageType declaration() { return declaration; }
    public OperationOutcome outcome() { return outcome; }
    public CanonicalEvent event() { return event; }
    public Status status() { return status; }
    public AcceptedBatch batch() { return batch; }
    public String intakeKey() { return intakeKey; }
    /** The bytes of a message sent alone, kept until it is accepted or quarantined; null for a record of a batch. */
    public byte[] raw() { return raw; }
    /** False when reading it already found errors (an XML record against its XSD, a CSV row against its schema). */
    public boolean readWithoutErrors() { return readWithoutErrors; }
    public MessageInTransit withRaw(byte[] payload) { this.raw = payload; return this; }
    public boolean isDuplicate() { return status == Status.DUPLICATE; }
    /** True when an earlier attempt got as far as registering it: it is stored again under its first exchange id. */
    public boolean resumed() { return resumed; }

    void identified(Partner p, InboundMessageType type) { this.partner = p; this.declaration = type; }
    void event(CanonicalEvent e) { this.event = e; }
    void status(Status s) { this.status = s; }
    public MessageInTransit inBatch(AcceptedBatch b) { this.batch = b; return this; }
    /** A record of a batch, stored in its turn (the file's order) even when records go through on several threads. */
    MessageInTransit inBatch(AcceptedBatch b, long storingTurn) { this.batch = b; this.turn = storingTurn; return this; }
    /** Its place in its batch's storing order; -1 for a message alone or a batch taken on one thread. */
    long turn() { return turn; }

    /**
     * What identifies this submission for idempotent intake: {@code id:<partner message id>}, or {@code sha256:<hex>}
     * of the payload, with {@code #<record>} for a record of a batch.
     */
    public MessageInTransit withIntakeKey(String key) { this.intakeKey = key; return this; }
    /** @param unregistered the key is known not to be registered (a record of a file never seen): not looked up */
    MessageInTransit withIntakeKey(String key, boolean unregistered) {
        this.intakeKey = key;
        this.keyUnregistered = unregistered;
        return this;
    }
    /** True when the intake key is known to be new without asking the registry (RecognizeDuplicate skips it). */
    boolean keyUnregistered() { return keyUnregistered; }
    /** The channel that brought the message when it is not REST, the queue or a file (e.g. SOAP), for the audit. */
    public MessageInTransit withChannel(String name) { this.channel = name; return this; }
    public String channel() { return channel; }

    /** Already accepted: the sender is answered with the first exchange id, nothing goes further. */
    void duplicateOf(String firstExchangeId) { this.exchangeId = firstExchangeId; this.status = Status.DUPLICATE; }

    /** Registered by an attempt that may not have reached the broker: taken again under the same exchange id. */
    void resumeAs(String firstExchangeId) { this.exchangeId = firstExchangeId; this.resumed = true; }

    /** Replaces the outcome (e.g. with the issues of an unexpected failure). */
    void outcome(OperationOutcome o) { this.outcome = o; }
}
