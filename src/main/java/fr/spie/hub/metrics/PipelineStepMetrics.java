package fr.spie.hub.metrics;

import fr.spie.hub.delivery.Delivery;
import fr.spie.hub.delivery.DeliveryRun;
import fr.spie.hub.exchange.MessageInTransit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.stereotype.Component;

/**
 * Times every step of the pipeline per partner: the timer {@code spie.pipeline.step} (Prometheus
 * {@code spie_pipeline_step_seconds{partner,step}}) wraps each {@code bean} step of the route files, so a step added
 * to routes/exchange-pipeline.camel.yaml is measured without code. The partner is the sender while receiving and the
 * recipient while delivering. Camel applies an {@link InterceptStrategy} bean to every route it builds.
 */
@Component
public class PipelineStepMetrics implements InterceptStrategy {

    static final String TIMER = "spie.pipeline.step";
    /** The partner of a message that does not say it yet (e.g. before the accepted event is read). */
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PipelineStepMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        if (!(definition instanceof BeanDefinition bean) || bean.getRef() == null) {
            return target;
        }
        String step = bean.getRef();
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                long start = System.nanoTime();
                String before = safePartnerOf(exchange);
                return super.process(exchange, done -> {
                    try {
                        String partner = before != null ? before : safePartnerOf(exchange);
                        timer(partner == null ? UNKNOWN : partner, step)
                                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    } catch (RuntimeException e) {
                        // a metric must never stop a message: the exchange goes on, unmeasured
                    } finally {
                        callback.done(done);
                    }
                });
            }
        };
    }

    private Timer timer(String partner, String step) {
        return timers.computeIfAbsent(partner + '\u0000' + step, key -> Timer.builder(TIMER)
                .description("Time spent in one step of the exchange pipeline")
                .tag("partner", partner).tag("step", step)
                .register(registry));
    }

    private static String safePartnerOf(Exchange exchange) {
        try {
            return partnerOf(exchange);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Sender while receiving, recipient while delivering; the queue channel says it in a header. */
    static String partnerOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof MessageInTransit message) {
            return message.partnerId();
        }
        if (body instanceof Delivery delivery) {
            return delivery.recipient().id();
        }
        if (body instanceof DeliveryRun run) {
            return run.sender();
        }
        return exchange.getMessage().getHeader("spiePartner", String.class);
    }
}
