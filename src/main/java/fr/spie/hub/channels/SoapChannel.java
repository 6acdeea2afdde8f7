package fr.spie.hub.channels;

import fr.spie.hub.HubProperties;
import fr.spie.hub.partner.Partner;
import jakarta.xml.ws.BindingProvider;
import javax.net.ssl.TrustManager;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.handler.MessageContext;
import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * SOAP: the hub calls the partner's implementation of {@code schemas/hub/delivery.wsdl} (operation {@code livrer})
 * with a CXF dispatch client, payload mode: no generated classes, the WSDL is the contract. The contract's headers go
 * both as elements of the request and as HTTP headers.
 */
@Component
public class SoapChannel implements Channel {

    static final String NAMESPACE = "urn:fr:spie:hub:livraison:1";
    static final QName SERVICE = new QName(NAMESPACE, "LivraisonService");
    static final QName PORT = new QName(NAMESPACE, "LivraisonPort");
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private final Service service;
    private final ChannelSettings settings;
    private final Environment environment;
    /** The configured truststore's managers, or null for the JDK's default authorities. */
    private final TrustManager[] trust;

    public SoapChannel(HubProperties properties, ChannelSettings settings, Environment environment)
            throws MalformedURLException {
        URL wsdl = properties.resolve("schemas/hub/delivery.wsdl").toUri().toURL();
        this.service = Service.create(wsdl, SERVICE);
        this.settings = settings;
        this.trust = PartnerTrust.trustManagers(settings.truststore());
        this.environment = environment;
    }

    @Override
    public String name() {
        return "soap";
    }

    @Override
    public void send(OutboundMessage message, Partner.Delivery channel) throws ChannelFailure {
        Dispatch<Source> dispatch = service.createDispatch(PORT, Source.class, Service.Mode.PAYLOAD);
        Map<String, Object> context = dispatch.getRequestContext();
        try {
            context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY,
                    environment.resolveRequiredPlaceholders(channel.url()));
        } catch (IllegalArgumentException e) {
            // e.g. ${SPIE_SOAP_FRANCE_TRAVAIL} not set in this deployment: retried (it may be set and reloaded).
            throw new ChannelFailure("SOAP endpoint URL not configured: " + e.getMessage());
        }
        if (trust != null && dispatch instanceof DispatchImpl<?> cxf
                && cxf.getClient().getConduit() instanceof HTTPConduit http) {
            // Over HTTPS the partner's certificate must be in spie.channels.truststore, as for webhooks.
            TLSClientParameters tls = new TLSClientParameters();
            tls.setTrustManagers(trust);
            http.setTlsClientParameters(tls);
        }
        context.put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
        context.put(BindingProvider.SOAPACTION_URI_PROPERTY, NAMESPACE + ":livrer");
        context.put(MessageContext.HTTP_REQUEST_HEADERS, message.contractHeaders().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        // CXF's own client timeouts, per attempt
        context.put("jakarta.xml.ws.client.connectionTimeout", (int) settings.timeout().toMillis());
        context.put("jakarta.xml.ws.client.receiveTimeout", (int) settings.timeout().toMillis());
        try {
            dispatch.invoke(new StreamSource(new StringReader(request(message))));
        } catch (WebServiceException e) {
            javax.net.ssl.SSLException tls = PartnerTrust.tlsFailureIn(e);
            if (tls != null) {
                throw new ChannelFailure(PartnerTrust.handshakeFailure("SOAP", tls), e);
            }
            // A fault's text is the partner's; the reason keeps its kind only, as it may quote the payload.
            throw new ChannelFailure("SOAP call failed: " + e.getClass().getSimpleName()
                    + (e.getCause() != null ? " (" + e.getCause().getClass().getSimpleName() + ")" : ""), e);
        }
    }

    static String request(OutboundMessage message) {
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.setDefaultNamespace(NAMESPACE);
            xml.writeStartElement(NAMESPACE, "livraison");
            xml.writeDefaultNamespace(NAMESPACE);
            element(xml, "idEchange", message.exchangeId());
            element(xml, "typeMessage", message.messageType());
            element(xml, "typeEvenement", message.eventType());
            element(xml, "finalite", message.purpose());
            element(xml, "idCorrelation", message.correlationId());
            xml.writeStartElement(NAMESPACE, "contenu");
            xml.writeAttribute("typeContenu", "application/json");
            xml.writeCharacters(message.body());
            xml.writeEndElement();
            xml.writeEndElement();
            xml.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the SOAP request", e);
        }
    }

    private static void element(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value != null) {
            xml.writeStartElement(NAMESPACE, name);
            xml.writeCharacters(value);
            xml.writeEndElement();
        }
    }
}
