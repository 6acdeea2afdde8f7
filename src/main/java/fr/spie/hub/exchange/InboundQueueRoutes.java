package fr.spie.hub.exchange;

import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/** One consumer of {@code spie.inbound.{partner}} per partner that declares inbound message types. */
@Component
public class InboundQueueRoutes implements CamelContextConfiguration {

    static final String TEMPLATE = "inbound-queue";

    private final PartnerRegistry partners;

    public InboundQueueRoutes(PartnerRegistry partners) {
        this.partners = partners;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Partner partner : partners.all()) {
            if (!partner.inbound().isEmpty()) {
                TemplatedRouteBuilder.builder(camelContext, TEMPLATE).routeId(TEMPLATE + "-" + partner.id())
                        .parameter("partner", partner.id()).add();
            }
        }
    }
}
