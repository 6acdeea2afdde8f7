package fr.spie.hub.delivery;

import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Camel's exchange metrics ({@code camel_exchanges_*}) count the messages that go through a route, not the copies the
 * deliver route splits per recipient. Each exchange done costs the metrics a search of the whole meter registry (the
 * "last exchange" gauge is looked up by name every time): with two recipients, the copies made two thirds of that
 * cost, a twentieth of the delivery consumers' time, for counts that only doubled the route's.
 */
@Component
public class DeliveryExchangeMetrics implements CamelContextConfiguration {

    /** A copy made by a split (its index is set on it), counted with the exchange it was split from. */
    static boolean isSplitCopy(Exchange exchange) {
        return exchange.getProperty(ExchangePropertyKey.SPLIT_INDEX) != null;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // the notifiers are registered by then, configured below once the context runs
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (EventNotifier notifier : camelContext.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof MicrometerExchangeEventNotifier metrics) {
                Predicate<Exchange> ignored = metrics.getIgnoreExchanges();
                Predicate<Exchange> copies = DeliveryExchangeMetrics::isSplitCopy;
                metrics.setIgnoreExchanges(ignored == null ? copies : ignored.or(copies));
            }
        }
    }
}
