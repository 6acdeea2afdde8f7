package fr.spie.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The hub's Camel context takes {@link DeliveryUnitsOfWork} as its unit-of-work factory: the deliver route's exchanges
 * (marked by the consumer) run without Camel's MDC bookkeeping, every other exchange keeps it as configured.
 */
class DeliveryUnitsOfWorkTest extends HubIntegrationTest {

    @Autowired
    CamelContext camel;

    @Test
    void theDeliverRoutesExchangesRunWithoutCamelsMdcAndTheOthersWithIt() {
        UnitOfWorkFactory factory = PluginHelper.getUnitOfWorkFactory(camel);
        assertThat(factory).isInstanceOf(DeliveryUnitsOfWork.class);

        Exchange delivered = new DefaultExchange(camel);
        delivered.setProperty(DeliveryUnitsOfWork.MDC_BY_CONSUMER, Boolean.TRUE);
        UnitOfWork plain = factory.createUnitOfWork(delivered);
        assertThat(plain).isNotInstanceOf(MDCUnitOfWork.class);
        assertThat(plain.isBeforeAfterProcess()).isFalse();

        UnitOfWork logged = factory.createUnitOfWork(new DefaultExchange(camel));
        assertThat(logged).as("camel.main.use-mdc-logging still applies elsewhere").isInstanceOf(MDCUnitOfWork.class);
    }
}
