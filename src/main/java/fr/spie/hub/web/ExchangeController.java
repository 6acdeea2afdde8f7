package fr.spie.hub.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.spie.hub.validation.OperationOutcome;

import fr.spie.hub.HubProperties;
import fr.spie.hub.access.AccessGuard;
import fr.spie.hub.access.Caller;
import fr.spie.hub.exchange.BatchReceiver;
import fr.spie.hub.exchange.BatchReport;
import fr.spie.hub.exchange.Headers;
import fr.spie.hub.exchange.MessageInTransit;
import fr.spie.hub.exchange.SingleMessageReceiver;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/exchanges/{partner}/{messageType}}: a partner sends a message in its own format. 202 once it is
 * durably stored; 422 with an OperationOutcome when invalid; 401, 403, 413, 415 as the contract says. A batch (a CAF
 * flux) is streamed record by record and answered with its report.
 */
@RestController
public class ExchangeController {

    static final String API_KEY = "X-API-Key";
    static final String CORRELATION = "X-Correlation-Id";
    /** The partner's own message id (optional): sent twice, the message is a duplicate and not taken again. */
    static final String MESSAGE_ID = "X-Message-Id";

    private final AccessGuard guard;
    private final PartnerRegistry partners;
    private final BatchReceiver batches;
    private final SingleMessageReceiver singles;
    private final HubProperties properties;

    public ExchangeController(AccessGuard guard, PartnerRegistry partners, BatchReceiver batches,
                              SingleMessageReceiver singles, HubProperties properties) {
        this.guard = guard;
        this.partners = partners;
        this.batches = batches;
        this.singles = singles;
        this.properties = properties;
    }

    /**
     * What the sender of a single message gets back; {@code outcome} only when the message was accepted with warnings
     * (e.g. a NIR inconsistent with the birth date, an identifier claimed by two people), so that they reach the sender.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Receipt(String exchangeId, String status, OperationOutcome outcome) {
        public Receipt(String exchangeId, String status) {
            this(exchangeId, status, null);
        }
    }

    @PostMapping("/api/v1/exchanges/{partner}/{messageType}")
    public ResponseEntity<?> receive(@PathVariable String partner, @PathVariable String messageType,
                                     @RequestHeader(value = API_KEY, required = false) String apiKey,
                                     @RequestHeader(value = CORRELATION, required = false) String correlation,
                                     @RequestHeader(value = MESSAGE_ID, required = false) String messageId,
                                     HttpServletRequest request) throws IOException {
        String action = "POST /api/v1/exchanges/" + partner + "/" + messageType;
        Caller caller = guard.authenticate(apiKey, action);
        if (!caller.isPartner(partner)) {
            throw guard.forbid(caller, action, "This key may not send messages on behalf of partner '" + partner + "'");
        }
        Partner sender = partners.find(partner).orElseThrow();
        InboundMessageType type = sender.inboundType(messageType).orElseThrow(() -> guard.forbid(caller, action,
                "Partner '" + partner + "' has not declared the message type '" + messageType + "'"));
        checkMediaType(type, request.getContentType());
        long limit = properties.limits().maxPayloadBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        String correlationId = Headers.correlationId(correlation, () -> UUID.randomUUID().toString());
        MDC.put(Headers.CORRELATION_ID, correlationId);
        try (SizeLimitedInputStream body = new SizeLimitedInputStream(request.getInputStream(), limit)) {
            return type.isBatch()
                    ? receiveBatch(sender, type, body, correlationId, limit)
                    : receiveOne(sender, type, body, correlationId, limit, messageId);
        } finally {
            MDC.remove(Headers.CORRELATION_ID);
        }
    }

    private ResponseEntity<?> receiveBatch(Partner sender, InboundMessageType type, SizeLimitedInputStream body,
                                           String correlationId, long limit) {
        Path report = properties.dataDir().resolve("reports")
                .resolve(sender.id() + "-" + type.messageType() + "-" + correlationId + ".report.json");
        BatchReport.Summary summary;
        try {
            summary = batches.receive(sender, type, body, "POST " + type.messageType(), correlationId, report);
        } catch (UncheckedIOException e) {
            if (body.exceeded()) {
                throw tooLarge(limit);
            }
            throw e;
        }
        if (body.exceeded()) {
            throw tooLarge(limit);
        }
        // Some record taken: 202. Nothing new but the whole batch known already (sent twice): 200. Otherwise 422.
        HttpStatus status = summary.accepted() > 0 ? HttpStatus.ACCEPTED
                : summary.duplicates() > 0 && summary.rejected() == 0 ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(CORRELATION, correlationId).body(new FileSystemResource(summary.report()));
    }

    private ResponseEntity<?> receiveOne(Partner sender, InboundMessageType type, SizeLimitedInputStream body,
                                         String correlationId, long limit, String messageId) throws IOException {
        byte[] payload;
        try {
            payload = body.readAllBytes();
        } catch (IOException e) {
            if (body.exceeded()) {
                throw tooLarge(limit);
            }
            throw e;
        }
        String exchangeId = UUID.randomUUID().toString();
        MessageInTransit message = singles.receive(sender, type, payload, exchangeId, correlationId, messageId);
        if (message.status() == MessageInTransit.Status.ACCEPTED) {
            return ResponseEntity.accepted().header(CORRELATION, correlationId)
                    .body(new Receipt(exchangeId, "accepted",
                            message.outcome().issue().isEmpty() ? null : message.outcome()));
        }
        if (message.status() == MessageInTransit.Status.DUPLICATE) {
            // Accepted before: the first exchange id, 200 rather than 202 since nothing new was taken.
            return ResponseEntity.ok().header(CORRELATION, correlationId)
                    .body(new Receipt(message.exchangeId(), "duplicate"));
        }
        HttpStatus status = message.status() == MessageInTransit.Status.FAILED
                ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.UNPROCESSABLE_ENTITY;
        return ApiErrors.answer(status, message.outcome());
    }

    private static void checkMediaType(InboundMessageType type, String contentType) {
        MediaType given;
        try {
            given = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            given = null;
        }
        MediaType sent = given;
        boolean accepted = sent != null && type.contentTypes().stream()
                .anyMatch(t -> MediaType.parseMediaType(t).includes(sent.removeQualityValue()) );
        if (!accepted) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, OperationOutcome.error(IssueType.NOT_SUPPORTED,
                    HttpHeaders.CONTENT_TYPE, "Message type '" + type.messageType() + "' takes "
                            + String.join(" or ", type.contentTypes())));
        }
    }

    private static ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, IssueType.TOO_LONG,
                "The body is larger than the limit of " + limit + " bytes (spie.limits.max-payload-bytes)");
    }
}
