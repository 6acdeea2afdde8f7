package fr.spie.hub.channels;

import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.annotation.Resource;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.w3c.dom.Element;

/**
 * France Travail's SOAP service in tests: a real CXF endpoint implementing schemas/hub/delivery.wsdl, in its own
 * servlet container (embedded Tomcat, as Boot ships it, over HTTPS) on a loopback port, with schema validation on. It records
 * each {@code livraison} it receives.
 */
final class PartnerSoapService implements AutoCloseable {

    static final String NS = "urn:fr:spie:hub:livraison:1";

    /** One call as the partner received it: the request's elements and the HTTP headers. */
    record Call(String idEchange, String typeMessage, String typeEvenement, String finalite, String contenu,
                Map<String, List<String>> httpHeaders) {
    }

    private final Tomcat tomcat;
    private final Bus bus;
    private final EndpointImpl endpoint;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Over HTTPS when {@code keystore} (PKCS12, the partner's key and certificate) is given, else plain HTTP. */
    PartnerSoapService(int port, Path keystore, String password) throws Exception {
        bus = BusFactory.newInstance().createBus();
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("partner-soap-").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        if (keystore != null) {
            Connector https = new Connector();
            https.setPort(port);
            https.setScheme("https");
            https.setSecure(true);
            https.setProperty("SSLEnabled", "true");
            SSLHostConfig tls = new SSLHostConfig();
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls,
                    SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(keystore.toAbsolutePath().toString());
            certificate.setCertificateKeystorePassword(password);
            certificate.setCertificateKeystoreType("PKCS12");
            tls.addCertificate(certificate);
            https.addSslHostConfig(tls);
            tomcat.setConnector(https);
        }
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "cxf", servlet);
        context.addServletMappingDecoded("/services/*", "cxf");
        tomcat.start();
        endpoint = new EndpointImpl(bus, new Recipient(calls));
        endpoint.setWsdlLocation(Path.of("schemas/hub/delivery.wsdl").toAbsolutePath().toUri().toString());
        endpoint.getProperties().put("schema-validation-enabled", "true");
        endpoint.publish("/livraison");
    }

    List<Call> callsOf(String exchangeId) {
        return calls.stream().filter(c -> exchangeId.equals(c.idEchange())).toList();
    }

    @Override
    public void close() throws Exception {
        endpoint.stop();
        tomcat.stop();
        tomcat.destroy();
        bus.shutdown(true);
    }

    @WebServiceProvider(serviceName = "LivraisonService", portName = "LivraisonPort", targetNamespace = NS)
    @ServiceMode(Service.Mode.PAYLOAD)
    public static class Recipient implements Provider<Source> {

        private final List<Call> calls;

        @Resource
        WebServiceContext context;

        Recipient(List<Call> calls) {
            this.calls = calls;
        }

        @Override
        public Source invoke(Source request) {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                DOMResult dom = new DOMResult(factory.newDocumentBuilder().newDocument());
                TransformerFactory.newInstance().newTransformer().transform(request, dom);
                Element root = ((org.w3c.dom.Document) dom.getNode()).getDocumentElement();
                @SuppressWarnings("unchecked")
                Map<String, List<String>> headers = (Map<String, List<String>>) context.getMessageContext()
                        .get(MessageContext.HTTP_REQUEST_HEADERS);
                Call call = new Call(text(root, "idEchange"), text(root, "typeMessage"), text(root, "typeEvenement"),
                        text(root, "finalite"), text(root, "contenu"), headers);
                calls.add(call);
                return new StreamSource(new StringReader("<accuse xmlns=\"" + NS + "\"><idEchange>"
                        + call.idEchange() + "</idEchange></accuse>"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String text(Element root, String name) {
            var nodes = root.getElementsByTagNameNS(NS, name);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
        }
    }
}
