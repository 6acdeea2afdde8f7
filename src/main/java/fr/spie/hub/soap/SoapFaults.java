package fr.spie.hub.soap;

import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import jakarta.xml.soap.Detail;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFactory;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.ws.soap.SOAPFaultException;
import javax.xml.namespace.QName;

/**
 * SOAP faults that carry the same OperationOutcome as REST's 4xx answers, in FHIR's XML form, in the fault's detail:
 * {@code <OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="value"/>
 * <diagnostics value="..."/><expression value="..."/></issue></OperationOutcome>}.
 */
final class SoapFaults {

    static final String FHIR = "http://hl7.org/fhir";

    private SoapFaults() {
    }

    /** The sender's mistake (refused message, credentials, rights): fault code {@code Client}. */
    static SOAPFaultException client(String reason, OperationOutcome outcome) {
        return fault("Client", reason, outcome);
    }

    /** The hub could not take a valid message (e.g. broker down): fault code {@code Server}, worth retrying. */
    static SOAPFaultException server(String reason, OperationOutcome outcome) {
        return fault("Server", reason, outcome);
    }

    private static SOAPFaultException fault(String code, String reason, OperationOutcome outcome) {
        try {
            SOAPFactory factory = SOAPFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL);
            SOAPFault fault = factory.createFault(reason,
                    new QName(SOAPConstants.URI_NS_SOAP_1_1_ENVELOPE, code));
            Detail detail = fault.addDetail();
            SOAPElement root = detail.addDetailEntry(new QName(FHIR, "OperationOutcome", "fhir"));
            for (Issue issue : outcome.issue()) {
                SOAPElement element = root.addChildElement(new QName(FHIR, "issue", "fhir"));
                value(element, "severity", issue.severity().code());
                value(element, "code", issue.code().code());
                if (issue.diagnostics() != null) {
                    value(element, "diagnostics", issue.diagnostics());
                }
                for (String expression : issue.expression()) {
                    value(element, "expression", expression);
                }
            }
            return new SOAPFaultException(fault);
        } catch (SOAPException e) {
            throw new IllegalStateException("cannot build a SOAP fault", e);
        }
    }

    private static void value(SOAPElement parent, String name, String value) throws SOAPException {
        parent.addChildElement(new QName(FHIR, name, "fhir")).setAttribute("value", value);
    }
}
