package fr.spie.hub.soap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.HubProperties;
import fr.spie.hub.access.AccessDenied;
import fr.spie.hub.access.AccessGuard;
import fr.spie.hub.access.Caller;
import fr.spie.hub.exchange.MessageInTransit;
import fr.spie.hub.exchange.Headers;
import fr.spie.hub.exchange.SingleMessageReceiver;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.RecordStream;
import fr.spie.hub.validation.UnreadableDocumentException;
import fr.spie.hub.validation.XmlRecordFormat;
import jakarta.annotation.Resource;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Source;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The SOAP channel in: {@code schemas/departement/exchange.wsdl} at {@code /services/exchange}. The caller is
 * authenticated by its API key ({@code X-API-Key} HTTP header, as over REST); the body element names the message
 * type (e.g. {@code orientation}), which the caller's partner file must declare. The element is validated against
 * {@code exchange.xsd} by the hub's XSD validator (every issue with its path, values left out), read into the
 * partner's JSON message of the same name (typed by its JSON Schema), and from there goes through the same pipeline
 * as REST: same schema, same mapping, same audit. Accepted: {@code accuseReception}; refused: a SOAP fault whose
 * detail is the OperationOutcome.
 */
@Component
@WebServiceProvider(serviceName = SoapExchangeEndpoint.SERVICE, portName = SoapExchangeEndpoint.PORT,
        targetNamespace = SoapExchangeEndpoint.NS)
@ServiceMode(Service.Mode.PAYLOAD)
public class SoapExchangeEndpoint implements Provider<Source> {

    static final String NS = "urn:fr:spie:departement:echange:1";
    static final String SERVICE = "EchangeService";
    static final String PORT = "EchangePort";
    static final String CHANNEL = "SOAP";
    static final String XSD = "schemas/departement/exchange.xsd";
    private static final String API_KEY = "X-API-Key";
    private static final String CORRELATION = "X-Correlation-Id";
    /** The sender's own id of the message, as over REST: the key of idempotent intake when given. */
    private static final String MESSAGE_ID = "X-Message-Id";

    private final AccessGuard guard;
    private final PartnerRegistry partners;
    private final SingleMessageReceiver singles;
    private final HubProperties properties;
    private final ObjectMapper json;
    private final Map<String, Optional<XmlRecordFormat>> formats = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

    @Resource
    private WebServiceContext context;

    public SoapExchangeEndpoint(AccessGuard guard, PartnerRegistry partners,
                                SingleMessageReceiver singles, HubProperties properties, ObjectMapper json) {
        this.guard = guard;
        this.partners = partners;
        this.singles = singles;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Source invoke(Source request) {
        // Through the AccessGuard, as over REST: every refusal is journaled as ACCESS_DENIED.
        Caller caller;
        try {
            caller = guard.authenticate(header(API_KEY), "POST /services/exchange");
        } catch (AccessDenied denied) {
            throw SoapFaults.client("unauthenticated", OperationOutcome.error(IssueType.LOGIN, API_KEY,
                    "A valid X-API-Key HTTP header is required"));
        }
        Partner sender = caller.role() == Caller.Role.PARTNER ? partners.find(caller.id()).orElse(null) : null;
        if (sender == null) {
            guard.forbid(caller, "POST /services/exchange", "Only a partner may send messages");
            throw SoapFaults.client("forbidden", OperationOutcome.error(IssueType.FORBIDDEN, API_KEY,
                    "Only a partner may send messages"));
        }
        byte[] payload = bytes(request);
        String element = rootElement(payload);
        InboundMessageType type = sender.inboundType(element).filter(t -> !t.isBatch() && "json".equals(t.format()))
                .orElse(null);
        if (type == null) {
            String why = "Partner '" + sender.id() + "' has not declared the message type '" + element + "'";
            guard.forbid(caller, "POST /services/exchange" + " " + element, why);
            throw SoapFaults.client("forbidden", OperationOutcome.error(IssueType.FORBIDDEN, element, why));
        }
        if (!type.overSoap()) {
            // The partner file says which message types come over SOAP (soap: true): the routing matrix shows it.
            throw SoapFaults.client("not supported", OperationOutcome.error(IssueType.NOT_SUPPORTED, element,
                    "The message type '" + element + "' of partner '" + sender.id() + "' is not offered over SOAP"));
        }
        XmlRecordFormat format = formats.computeIfAbsent(element, this::formatOf).orElseThrow(() ->
                SoapFaults.client("not supported", OperationOutcome.error(IssueType.NOT_SUPPORTED, element,
                        "The message type '" + element + "' is not offered over SOAP")));

        String correlation = header(CORRELATION);
        String correlationId = Headers.correlationId(correlation, () -> UUID.randomUUID().toString());
        String exchangeId = UUID.randomUUID().toString();
        MDC.put("spie-correlation-id", correlationId);
        try {
            JsonNode tree = MissingNode.getInstance();
            OperationOutcome read;
            try (RecordStream records = format.open(new ByteArrayInputStream(payload))) {
                RecordStream.BatchRecord record = records.next();
                // One message, not a batch: its issues point into the message, not at "orientation[1]".
                read = record.outcome().mapExpressions(e -> e.replaceFirst("^" + element + "\\[1\\]", element));
                if (!read.hasErrors()) {
                    tree = SchemaTyping.retype(record.tree(), schemaOf(type));
                }
            } catch (UnreadableDocumentException e) {
                read = e.outcome();
            }
            MessageInTransit message = singles.receive(sender, type, tree, read, payload, exchangeId, correlationId,
                    header(MESSAGE_ID), CHANNEL);
            return switch (message.status()) {
                case ACCEPTED -> receipt(exchangeId, "accepted");
                // Sent twice (same X-Message-Id, or the same body): the first exchange's id, not taken again.
                case DUPLICATE -> receipt(message.exchangeId(), "duplicate");
                case FAILED -> throw SoapFaults.server("not stored, send it again", message.outcome());
                default -> throw SoapFaults.client("refused", message.outcome());
            };
        } finally {
            MDC.remove("spie-correlation-id");
        }
    }

    private Optional<XmlRecordFormat> formatOf(String element) {
        try {
            return Optional.of(XmlRecordFormat.compile(properties.resolve(XSD), element, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private JsonNode schemaOf(InboundMessageType type) {
        return schemas.computeIfAbsent(type.schema(), path -> {
            try {
                return json.readTree(properties.resolve(path).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String header(String name) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) context.getMessageContext()
                .get(MessageContext.HTTP_REQUEST_HEADERS);
        if (headers == null) {
            return null;
        }
        // CXF's map ignores case already; the loop keeps that true for any implementation.
        return headers.entrySet().stream().filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase(name))
                .flatMap(h -> h.getValue().stream()).findFirst().orElse(null);
    }

    private static byte[] bytes(Source request) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(request, new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw SoapFaults.client("unreadable", OperationOutcome.error(IssueType.STRUCTURE, null,
                    "The SOAP body could not be read as XML"));
        }
    }

    private static String rootElement(byte[] payload) {
        try {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(payload));
            while (reader.next() != XMLStreamConstants.START_ELEMENT) {
                // skip the prolog
            }
            if (!NS.equals(reader.getNamespaceURI())) {
                throw SoapFaults.client("not supported", OperationOutcome.error(IssueType.NOT_SUPPORTED,
                        reader.getLocalName(), "The body element must be in namespace " + NS));
            }
            return reader.getLocalName();
        } catch (XMLStreamException e) {
            throw SoapFaults.client("unreadable", OperationOutcome.error(IssueType.STRUCTURE, null,
                    "The SOAP body could not be read as XML"));
        }
    }

    private static Source receipt(String exchangeId, String status) {
        return new StreamSource(new StringReader("<accuseReception xmlns=\"" + NS + "\"><idEchange>" + exchangeId
                + "</idEchange><statut>" + status + "</statut></accuseReception>"));
    }

    static Path wsdl(HubProperties properties) {
        return properties.resolve("schemas/departement/exchange.wsdl").toAbsolutePath();
    }
}
