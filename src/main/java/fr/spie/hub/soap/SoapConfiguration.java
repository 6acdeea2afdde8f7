package fr.spie.hub.soap;

import fr.spie.hub.HubProperties;
import jakarta.xml.ws.Endpoint;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the SOAP channel on CXF's servlet ({@code /services}, Boot's CXF starter): {@code /services/exchange}. */
@Configuration
public class SoapConfiguration {

    @Bean
    Endpoint exchangeSoapEndpoint(Bus bus, SoapExchangeEndpoint implementor, HubProperties properties) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementor);
        // Contract first: the WSDL and XSD files are what is published, not a WSDL derived from Java.
        endpoint.setWsdlLocation(SoapExchangeEndpoint.wsdl(properties).toUri().toString());
        endpoint.setServiceName(new QName(SoapExchangeEndpoint.NS, SoapExchangeEndpoint.SERVICE));
        endpoint.setEndpointName(new QName(SoapExchangeEndpoint.NS, SoapExchangeEndpoint.PORT));
        // Requests are validated against exchange.xsd by the hub's own XSD validator, which reports every issue with
        // its path and without the values (a NIR would otherwise be echoed in the fault and in CXF's log); CXF checks
        // what goes out (receipts) against the WSDL.
        endpoint.getProperties().put("schema-validation-enabled", "OUT");
        // A request CXF cannot read (not well-formed, no operation for its body) is refused with an OperationOutcome
        // like every other refusal.
        endpoint.getOutFaultInterceptors().add(new UnreadableRequestFaults());
        endpoint.publish("/exchange");
        return endpoint;
    }
}
