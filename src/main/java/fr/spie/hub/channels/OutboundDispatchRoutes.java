package fr.spie.hub.channels;

import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** One consumer of {@code spie.dispatch.{partner}} per partner that receives anything on a remote channel. */
@Component
@EnableConfigurationProperties(ChannelSettings.class)
public class OutboundDispatchRoutes implements CamelContextConfiguration {

    private final PartnerRegistry partners;

    public OutboundDispatchRoutes(PartnerRegistry partners) {
        this.partners = partners;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Partner partner : partners.all()) {
            boolean remote = partner.subscriptions().stream().anyMatch(s -> !partner.channelOf(s).isQueue());
            if (remote) {
                TemplatedRouteBuilder.builder(camelContext, Dispatch.TEMPLATE)
                        .routeId(Dispatch.TEMPLATE + "-" + partner.id()).parameter("partner", partner.id()).add();
            }
        }
    }
}
