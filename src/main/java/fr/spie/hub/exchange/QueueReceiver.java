package fr.spie.hub.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.HubProperties;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.broker.MessageProperties;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * A message a partner put on its inbound queue: run through the pipeline (a batch type, such as the CAF flux, record
 * by record), and answered on the partner's outbound queue in the broker transaction that consumed it. The exchange
 * id derives from the broker's message id, so a redelivered message keeps its id and its duplicate is dropped.
 */
@Component("queueReceiver")
public class QueueReceiver {

    static final String RECEIPT = "receipt";
    static final String OUTCOME = "operation-outcome";
    private static final Pattern XML_ENCODING = Pattern.compile("^<\\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']");

    private final PartnerRegistry partners;
    private final SingleMessageReceiver singles;
    private final BatchReceiver batches;
    private final HubProperties properties;
    private final ObjectMapper json;
    private final JmsTemplate jms;

    public QueueReceiver(PartnerRegistry partners, SingleMessageReceiver singles, BatchReceiver batches,
                         HubProperties properties, ObjectMapper json, ConnectionFactory connectionFactory) {
        this.partners = partners;
        this.singles = singles;
        this.batches = batches;
        this.properties = properties;
        this.json = json;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
    }

    public void apply(Exchange exchange) throws IOException {
        var in = exchange.getMessage();
        Partner sender = partners.find(in.getHeader("spiePartner", String.class)).orElseThrow();
        String messageType = in.getHeader(Headers.MESSAGE_TYPE, String.class);
        String brokerId = in.getHeader("JMSMessageID", String.class);
        String exchangeId = brokerId == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes((sender.id() + "/" + brokerId).getBytes(StandardCharsets.UTF_8)).toString();
        String correlationId = Headers.correlationId(in.getHeader(Headers.CORRELATION_ID, String.class),
                () -> exchangeId);
        Optional<InboundMessageType> type = Optional.ofNullable(messageType).flatMap(sender::inboundType);
        if (type.isEmpty()) {
            answer(sender, exchangeId, correlationId, OUTCOME, OperationOutcome.error(IssueType.FORBIDDEN,
                    Headers.MESSAGE_TYPE, "Header spie-message-type must name a message type partner '" + sender.id()
                            + "' declares"));
            return;
        }
        byte[] payload = payloadOf(exchange);
        if (type.get().isBatch()) {
            Path report = properties.dataDir().resolve("reports")
                    .resolve(sender.id() + "-" + messageType + "-" + exchangeId + ".report.json");
            BatchReport.Summary summary = batches.receive(sender, type.get(), new ByteArrayInputStream(payload),
                    "queue " + messageType, correlationId, report, PayloadHash.of(payload), () -> payload);
            answer(sender, exchangeId, correlationId, summary.accepted() > 0 ? RECEIPT : OUTCOME,
                    json.readTree(Files.readAllBytes(summary.report())));
            return;
        }
        MessageInTransit message = singles.receive(sender, type.get(), payload, exchangeId, correlationId,
                in.getHeader(Headers.PARTNER_MESSAGE_ID, String.class));
        if (message.status() == MessageInTransit.Status.ACCEPTED) {
            answer(sender, exchangeId, correlationId, RECEIPT, new Receipt(exchangeId, "accepted",
                    message.outcome().issue().isEmpty() ? null : message.outcome()));
        } else if (message.status() == MessageInTransit.Status.DUPLICATE) {
            answer(sender, message.exchangeId(), correlationId, RECEIPT, new Receipt(message.exchangeId(), "duplicate"));
        } else {
            answer(sender, exchangeId, correlationId, OUTCOME, message.outcome());
        }
    }

    /** The sender's receipt: the same as the REST answer 202 (with its warnings, if any). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Receipt(String exchangeId, String status, OperationOutcome outcome) {
        Receipt(String exchangeId, String status) {
            this(exchangeId, status, null);
        }
    }

    /** A text message is encoded back as its XML declaration says (a CAF flux declares windows-1252). */
    private static byte[] payloadOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        String text = exchange.getMessage().getBody(String.class);
        if (text == null) {
            return new byte[0];
        }
        Matcher declared = XML_ENCODING.matcher(text);
        Charset charset = StandardCharsets.UTF_8;
        if (declared.find() && Charset.isSupported(declared.group(1))) {
            charset = Charset.forName(declared.group(1));
        }
        return text.getBytes(charset);
    }

    private void answer(Partner sender, String exchangeId, String correlationId, String kind, Object body)
            throws JsonProcessingException {
        String text = json.writeValueAsString(body);
        jms.send(Addresses.outbound(sender.id()), session -> {
            TextMessage message = session.createTextMessage(text);
            MessageProperties.put(message, Headers.EXCHANGE_ID, exchangeId);
            MessageProperties.put(message, Headers.MESSAGE_TYPE, kind);
            MessageProperties.put(message, Headers.CORRELATION_ID, correlationId);
            return message;
        });
    }
}
