package fr.spie.hub.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.impl.engine.DefaultUnitOfWorkFactory;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.springframework.stereotype.Component;

/**
 * Camel's units of work, as configured ({@code camel.main.use-mdc-logging}), except for the deliver route's exchanges:
 * these get a plain unit of work, without Camel's MDC bookkeeping. That bookkeeping (copying the MDC and matching every
 * header against {@code mdc-logging-keys-pattern} before and after each step, and again for each copy the route
 * splits) was about a tenth of the delivery consumers' time. {@link AcceptedEventConsumer} puts the same {@code spie-*}
 * headers in the thread's MDC itself, once per event, around the route (which runs on its thread): log lines of the
 * deliver route keep their correlation and exchange ids. Camel takes a {@link UnitOfWorkFactory} bean as its own.
 */
@Component
public class DeliveryUnitsOfWork implements UnitOfWorkFactory {

    /** Exchange property set by the consumer on the events it feeds to the deliver route (copied to split copies). */
    public static final String MDC_BY_CONSUMER = "spieMdcByConsumer";

    private final DefaultUnitOfWorkFactory configured = new DefaultUnitOfWorkFactory();
    private volatile CamelContext context;

    @Override
    public void afterPropertiesConfigured(CamelContext camelContext) {
        configure(camelContext);
    }

    private synchronized void configure(CamelContext camelContext) {
        if (context == null) {
            configured.afterPropertiesConfigured(camelContext);
            context = camelContext;
        }
    }

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        if (context == null) {
            configure(exchange.getContext());
        }
        if (exchange.getProperty(MDC_BY_CONSUMER) != null) {
            return new DefaultUnitOfWork(exchange, context.getInflightRepository(),
                    Boolean.TRUE.equals(context.isAllowUseOriginalMessage()),
                    Boolean.TRUE.equals(context.isUseBreadcrumb()));
        }
        return configured.createUnitOfWork(exchange);
    }
}
