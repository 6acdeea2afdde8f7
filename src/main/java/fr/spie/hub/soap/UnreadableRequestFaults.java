package fr.spie.hub.soap;

import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import javax.xml.namespace.QName;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Gives the OperationOutcome detail to the faults CXF raises before the endpoint is reached (a request that is not
 * well-formed XML, no SOAP body, an element no operation takes): without it such a fault carried only CXF's words,
 * while the contract promises the same issues as REST on every refusal. Faults that already have a detail (every
 * refusal of {@link SoapExchangeEndpoint}) are left as they are.
 */
final class UnreadableRequestFaults extends AbstractPhaseInterceptor<Message> {

    /** The whole request: the parser's position, when it has one, is in the diagnostics. */
    static final String EXPRESSION = "Envelope";

    UnreadableRequestFaults() {
        // Before the SOAP fault is written (Soap11FaultOutInterceptor runs in MARSHAL).
        super(Phase.PRE_LOGICAL);
    }

    @Override
    public void handleMessage(Message message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault) || hasDetail(fault)) {
            return;
        }
        QName code = fault.getFaultCode();
        boolean client = code != null && ("Client".equals(code.getLocalPart()) || "Sender".equals(code.getLocalPart()));
        // A client fault's message is the parser's or CXF's reading of the request (positions and element names,
        // never a value of it); a server fault's may say anything about the hub, so it is not repeated.
        OperationOutcome outcome = client
                ? OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, EXPRESSION,
                        "The request cannot be read as a SOAP message of this service: " + fault.getMessage()))
                : OperationOutcome.of(Issue.fatal(IssueType.EXCEPTION, EXPRESSION,
                        "The hub failed to process the request"));
        Element detail = fault.getOrCreateDetail();
        Node entry = SoapFaults.client(fault.getMessage(), outcome).getFault().getDetail().getFirstChild();
        detail.appendChild(detail.getOwnerDocument().importNode(entry, true));
    }

    private static boolean hasDetail(Fault fault) {
        Element detail = fault.getDetail();
        return detail != null && detail.hasChildNodes();
    }
}
