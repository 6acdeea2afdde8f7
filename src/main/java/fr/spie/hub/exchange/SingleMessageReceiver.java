package fr.spie.hub.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.validation.JsonDocumentReader;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.UnreadableDocumentException;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One message sent alone (not a batch), whatever brought it (REST, the partner's inbound queue): parsed, then run
 * through the pipeline. A message that does not even parse still goes in, so that its refusal is journaled like any.
 */
@Component
public class SingleMessageReceiver {

    private final JsonDocumentReader jsonReader;
    private final ReceivingPipeline pipeline;

    public SingleMessageReceiver(JsonDocumentReader jsonReader, ReceivingPipeline pipeline) {
        this.jsonReader = jsonReader;
        this.pipeline = pipeline;
    }

    public MessageInTransit receive(Partner sender, InboundMessageType type, byte[] payload, String exchangeId,
                                    String correlationId) {
        return receive(sender, type, payload, exchangeId, correlationId, null);
    }

    /**
     * @param partnerMessageId the sender's own id of the message, if it gives one: the key of idempotent intake;
     *                         otherwise the payload's SHA-256 is
     */
    public MessageInTransit receive(Partner sender, InboundMessageType type, byte[] payload, String exchangeId,
                                    String correlationId, String partnerMessageId) {
        JsonNode tree = MissingNode.getInstance();
        OperationOutcome parsed = OperationOutcome.ok();
        if (!"json".equals(type.format())) {
            parsed = OperationOutcome.error(IssueType.NOT_SUPPORTED, null, "Message type '" + type.messageType()
                    + "' is a " + type.format() + " " + (type.isBatch() ? "batch" : "message")
                    + ": only JSON is taken as a single message");
        } else {
            try {
                tree = jsonReader.read(payload);
            } catch (UnreadableDocumentException e) {
                parsed = e.outcome();
            }
        }
        return receive(sender, type, tree, parsed, payload, exchangeId, correlationId, partnerMessageId, null);
    }

    /**
     * A message that its channel has already read into the partner's JSON message (SOAP: the body element, checked
     * against its XSD), then the same pipeline as REST.
     *
     * @param read    what the channel found while reading: issues here refuse the message, journaled like any
     * @param payload the bytes as received, for the payload hash and idempotent intake
     * @param channel the channel that brought it (e.g. {@code SOAP}), written in the audit's RECEIVED step
     */
    public MessageInTransit receive(Partner sender, InboundMessageType type, JsonNode tree, OperationOutcome read,
                                    byte[] payload, String exchangeId, String correlationId, String partnerMessageId,
                                    String channel) {
        String sha256 = PayloadHash.of(payload);
        String key = partnerMessageId != null && !partnerMessageId.isBlank() && partnerMessageId.length() <= 160
                ? "id:" + partnerMessageId : "sha256:" + sha256;
        return pipeline.receive(new MessageInTransit(exchangeId, correlationId, Instant.now(), sender.id(),
                type.messageType(), 0, tree, Map.of(), sha256, read).withIntakeKey(key).withChannel(channel));
    }
}
