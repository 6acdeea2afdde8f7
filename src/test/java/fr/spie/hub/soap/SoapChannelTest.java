package fr.spie.hub.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.xml.soap.Detail;
import jakarta.xml.soap.DetailEntry;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Département's decisions over SOAP, called by a real CXF JAX-WS client built from the WSDL the hub publishes
 * ({@code /services/exchange?wsdl}) on a random port: accepted decisions reach France Travail's queue (a real Artemis
 * consumer); each refusal is a SOAP fault whose detail holds the OperationOutcome. The people are fictitious.
 */
class SoapChannelTest extends HubIntegrationTest {

    private static final String NS = "urn:fr:spie:departement:echange:1";
    private static final String FHIR = "http://hl7.org/fhir";
    private static final QName SERVICE = new QName(NS, "EchangeService");
    private static final QName PORT = new QName(NS, "EchangePort");

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    /** A client of the published WSDL, as a partner's developer would make one, sending with this API key. */
    private Dispatch<Source> client(String apiKey) throws Exception {
        Service service = Service.create(new URL("http://127.0.0.1:" + port + "/services/exchange?wsdl"), SERVICE);
        Dispatch<Source> dispatch = service.createDispatch(PORT, Source.class, Service.Mode.PAYLOAD);
        Map<String, Object> request = dispatch.getRequestContext();
        request.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, "http://127.0.0.1:" + port + "/services/exchange");
        if (apiKey != null) {
            request.put(MessageContext.HTTP_REQUEST_HEADERS, Map.of("X-API-Key", List.of(apiKey)));
        }
        return dispatch;
    }

    private static String call(Dispatch<Source> client, String operation, String body) throws Exception {
        client.getRequestContext().put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
        client.getRequestContext().put(BindingProvider.SOAPACTION_URI_PROPERTY, NS + ":" + operation);
        Source answer = client.invoke(new StreamSource(new StringReader(body)));
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(answer, new StreamResult(out));
        return out.toString();
    }

    /** A valid "pro" orientation of a fictitious person; {@code replace} pairs change parts of it. */
    private static String orientation(String... replace) {
        String xml = """
                <orientation xmlns="urn:fr:spie:departement:echange:1">
                  <idDecision>ORI-SOAP-%s</idDecision>
                  <dateDecision>2024-03-05</dateDecision>
                  <orientation>pro</orientation>
                  <statut>validee</statut>
                  <beneficiaire>
                    <nir>185030701012371</nir>
                    <nom>FAURE</nom>
                    <prenom>JULIEN</prenom>
                    <dateNaissance>1985-03-14</dateNaissance>
                    <identifiantPoleEmploi>1234567A</identifiantPoleEmploi>
                  </beneficiaire>
                  <structure><siret>99912345600018</siret><nom>France Travail Annonay</nom></structure>
                  <referent><nom>GIRARD</nom><prenom>SOPHIE</prenom><email>sophie.girard@referent.example.org</email></referent>
                </orientation>
                """.formatted(UUID.randomUUID());
        for (int i = 0; i < replace.length; i += 2) {
            assertThat(xml).contains(replace[i]);
            xml = xml.replace(replace[i], replace[i + 1]);
        }
        return xml;
    }

    private static String sanction() {
        return """
                <sanction xmlns="urn:fr:spie:departement:echange:1">
                  <idDecision>SAN-SOAP-%s</idDecision>
                  <dateDecision>2024-04-10</dateDecision>
                  <typeSanction>reduction</typeSanction>
                  <montantReduction>100</montantReduction>
                  <dateEffet>2024-05-01</dateEffet>
                  <dateFin>2024-07-31</dateFin>
                  <beneficiaire>
                    <nir>185030701012371</nir>
                    <nom>FAURE</nom>
                    <prenom>JULIEN</prenom>
                    <dateNaissance>1985-03-14</dateNaissance>
                    <numeroAllocataire>0701234567</numeroAllocataire>
                  </beneficiaire>
                </sanction>
                """.formatted(UUID.randomUUID());
    }

    /** One issue of a fault's OperationOutcome. */
    record FaultIssue(String severity, String code, List<String> expression, String diagnostics) {
    }

    private static List<FaultIssue> issues(SOAPFaultException fault) {
        Detail detail = fault.getFault().getDetail();
        assertThat(detail).as("the fault carries a detail").isNotNull();
        List<FaultIssue> found = new ArrayList<>();
        Iterator<DetailEntry> entries = detail.getDetailEntries();
        while (entries.hasNext()) {
            DetailEntry entry = entries.next();
            assertThat(entry.getNamespaceURI()).isEqualTo(FHIR);
            assertThat(entry.getLocalName()).isEqualTo("OperationOutcome");
            NodeList issueNodes = entry.getElementsByTagNameNS(FHIR, "issue");
            for (int i = 0; i < issueNodes.getLength(); i++) {
                Element issue = (Element) issueNodes.item(i);
                List<String> expressions = new ArrayList<>();
                NodeList e = issue.getElementsByTagNameNS(FHIR, "expression");
                for (int j = 0; j < e.getLength(); j++) {
                    expressions.add(((Element) e.item(j)).getAttribute("value"));
                }
                found.add(new FaultIssue(value(issue, "severity"), value(issue, "code"), expressions,
                        value(issue, "diagnostics")));
            }
        }
        return found;
    }

    private static String value(Element issue, String name) {
        NodeList nodes = issue.getElementsByTagNameNS(FHIR, name);
        return nodes.getLength() == 0 ? null : ((Element) nodes.item(0)).getAttribute("value");
    }

    private SOAPFaultException fault(String apiKey, String operation, String body) {
        return catchThrowableOfType(SOAPFaultException.class, () -> call(client(apiKey), operation, body));
    }

    @Test
    void theWsdlAndItsSchemaArePublished() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String wsdl = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/services/exchange?wsdl")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(wsdl).contains("transmettreOrientation", "transmettreContrat", "transmettreSanction",
                "transmettreCohorte", "OperationOutcome");
        String xsd = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/services/exchange?xsd=exchange.xsd")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(xsd).contains("name=\"Beneficiaire\"");
    }

    @Test
    void aPlainHttpPostOfAnEnvelopeWorksAsTheReadmeShows() throws Exception {
        String envelope = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body>"
                + "<orientation xmlns=\"urn:fr:spie:departement:echange:1\"><idDecision>ORI-README-" + UUID.randomUUID()
                + "</idDecision><dateDecision>2024-03-05</dateDecision><orientation>pro</orientation><beneficiaire>"
                + "<nom>FAURE</nom><prenom>JULIEN</prenom><dateNaissance>1985-03-14</dateNaissance></beneficiaire>"
                + "</orientation></Body></Envelope>";
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/services/exchange")).header("Content-Type", "text/xml").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> accepted = http.send(post.copy().header("X-API-Key", "demo-departement").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("accuseReception", "<statut>accepted</statut>");
        HttpResponse<String> refused = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).contains("Client", "OperationOutcome", "value=\"login\"");
    }

    @Test
    void anOrientationIsAcceptedAndDeliveredToFranceTravailOnItsQueue() throws Exception {
        String answer = call(client("demo-departement"), "transmettreOrientation", orientation());
        assertThat(answer).contains("<statut>accepted</statut>");
        String exchangeId = answer.replaceAll("(?s).*<idEchange>([^<]+)</idEchange>.*", "$1");
        assertThat(exchangeId).matches("[0-9a-f-]{36}");

        try (PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            List<Message> received = franceTravail.receive("spie.outbound.france-travail", List.of(exchangeId),
                    30_000);
            assertThat(received).hasSize(1);
            assertThat(received.get(0).getStringProperty("spie-message-type")).isEqualTo("orientation");
            JsonNode delivered = json.readTree(((TextMessage) received.get(0)).getText());
            assertThat(delivered.path("orientation").asText()).isEqualTo("pro");
            assertThat(delivered.path("structure").path("identifiant").asText()).isEqualTo("99912345600018");
        }
        assertThat(journal.journeyOf(exchangeId)).extracting(AuditEvent::step)
                .contains(AuditEvent.Step.RECEIVED, AuditEvent.Step.ACCEPTED);
    }

    @Test
    void aSanctionKeepsItsAmountAsANumberAndIsAccepted() throws Exception {
        String answer = call(client("demo-departement"), "transmettreSanction", sanction());
        assertThat(answer).contains("<statut>accepted</statut>");
        String exchangeId = answer.replaceAll("(?s).*<idEchange>([^<]+)</idEchange>.*", "$1");
        // The CAF's file holds the amount as the JSON number the Département's JSON Schema wants.
        java.nio.file.Path cafFile = DATA.resolve("outbox/caf/decision-departement_" + exchangeId + ".json");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!java.nio.file.Files.exists(cafFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        JsonNode file = json.readTree(cafFile.toFile());
        assertThat(file.path("sanction").path("montantReduction").isNumber()).isTrue();
        assertThat(file.path("sanction").path("montantReduction").asInt()).isEqualTo(100);
    }

    @Test
    void aSchemaInvalidMessageIsAClientFaultNamingTheMissingElement() {
        SOAPFaultException fault = fault("demo-departement", "transmettreOrientation",
                orientation("<nom>FAURE</nom>", ""));
        assertThat(fault.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client");
        List<FaultIssue> issues = issues(fault);
        assertThat(issues).isNotEmpty();
        assertThat(issues.get(0).severity()).isEqualTo("error");
        assertThat(issues.get(0).code()).isEqualTo("structure");
        assertThat(issues.get(0).expression()).containsExactly("orientation.beneficiaire");
        assertThat(issues.get(0).diagnostics()).contains("nom");
    }

    @Test
    void anUnknownCodeIsAClientFaultNamingTheField() {
        SOAPFaultException fault = fault("demo-departement", "transmettreOrientation",
                orientation("<orientation>pro</orientation>", "<orientation>professionnelle</orientation>"));
        List<FaultIssue> issues = issues(fault);
        assertThat(issues).extracting(FaultIssue::expression).containsExactly(List.of("orientation.orientation"));
        assertThat(issues.get(0).code()).isEqualTo("value");
        assertThat(issues.get(0).diagnostics()).contains("enumeration");
    }

    @Test
    void aWrongDateIsAClientFaultNamingTheFieldWithoutEchoingTheValue() {
        SOAPFaultException fault = fault("demo-departement", "transmettreOrientation",
                orientation("<dateDecision>2024-03-05</dateDecision>", "<dateDecision>05/03/2024</dateDecision>"));
        List<FaultIssue> issues = issues(fault);
        assertThat(issues).extracting(FaultIssue::expression).containsExactly(List.of("orientation.dateDecision"));
        assertThat(issues.get(0).code()).isEqualTo("value");
        assertThat(issues.get(0).diagnostics()).contains("date").doesNotContain("05/03/2024");
    }

    @Test
    void aWrongNirKeyIsRefusedByThePipelineLikeOverRest() {
        SOAPFaultException fault = fault("demo-departement", "transmettreOrientation",
                orientation("<nir>185030701012371</nir>", "<nir>185030701012372</nir>"));
        List<FaultIssue> issues = issues(fault);
        assertThat(issues).anySatisfy(issue -> {
            assertThat(issue.severity()).isEqualTo("error");
            assertThat(String.join(",", issue.expression())).contains("nir");
        });
        assertThat(issues).allSatisfy(issue -> assertThat(issue.diagnostics()).doesNotContain("185030701012372"));
    }

    @Test
    void withoutAValidApiKeyTheCallIsAClientFaultWithALoginIssue() {
        for (String key : new String[] {null, "not-a-key"}) {
            SOAPFaultException fault = fault(key, "transmettreOrientation", orientation());
            assertThat(fault.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client");
            assertThat(issues(fault)).extracting(FaultIssue::code).containsExactly("login");
        }
    }

    @Test
    void aRequestThatIsNotWellFormedIsAClientFaultWithAnOperationOutcomeNeverAStackTrace() throws Exception {
        // Cut short: CXF's parser fails before the endpoint is reached.
        String broken = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><orientation";
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/services/exchange"))
                .header("Content-Type", "text/xml").header("SOAPAction", "\"\"")
                .header("X-API-Key", "demo-departement")
                .POST(HttpRequest.BodyPublishers.ofString(broken)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).contains("Client", "OperationOutcome", "value=\"fatal\"", "value=\"structure\"",
                "value=\"Envelope\"").doesNotContain("at org.", "Exception");
    }

    @Test
    void aMessageTypeTheCallerHasNotDeclaredIsForbidden() {
        // France Travail authenticates fine, but its partner file declares no "orientation" message.
        SOAPFaultException fault = fault("demo-france-travail", "transmettreOrientation", orientation());
        List<FaultIssue> issues = issues(fault);
        assertThat(issues).extracting(FaultIssue::code).containsExactly("forbidden");
        assertThat(issues.get(0).diagnostics()).contains("orientation");
    }
}
