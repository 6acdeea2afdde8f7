package fr.spie.hub.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The questions the deliver route asks (routes/exchange-pipeline.camel.yaml names them with {@code ref:}): which copies
 * an event makes, and whether a copy is withheld, refused or for a queue. Written as plain predicates rather than
 * Simple expressions such as {@code ${body.isWithheld()}}: Simple calls a method by reflection, looking it up at each
 * call, and that was a tenth of the delivery consumers' time (three tests per copy).
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryRoutePredicates {

    /** The copies of the event, one per recipient: what the route splits. */
    @Bean
    public Expression deliveriesOfRun() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getMessage().getBody(DeliveryRun.class).deliveries();
            }

            @Override
            public String toString() {
                return "deliveriesOfRun";
            }
        };
    }

    @Bean
    public Predicate withheldCopy() {
        return named("withheldCopy", exchange -> delivery(exchange).isWithheld());
    }

    @Bean
    public Predicate refusedCopy() {
        return named("refusedCopy", exchange -> delivery(exchange).isRefused());
    }

    @Bean
    public Predicate queueCopy() {
        return named("queueCopy", exchange -> delivery(exchange).channel().isQueue());
    }

    private static Delivery delivery(Exchange exchange) {
        return exchange.getMessage().getBody(Delivery.class);
    }

    /** With its name, so that Camel's route dumps and errors say which test it is. */
    private static Predicate named(String name, Predicate test) {
        return new Predicate() {
            @Override
            public boolean matches(Exchange exchange) {
                return test.matches(exchange);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
