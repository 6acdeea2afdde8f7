package fr.spie.hub.broker;

import fr.spie.hub.HubProperties;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The embedded Artemis broker, started by the hub itself: a persistent journal under {@code data/broker}, an in-VM
 * acceptor for the hub and one TCP acceptor on loopback speaking core, AMQP and STOMP for partner clients.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

    /** Several hubs may live in one JVM (tests): each gets its own in-VM server id. */
    private static final AtomicInteger IN_VM_IDS = new AtomicInteger();

    /** The in-VM address and the hub's broker password for this application context. */
    public record BrokerEndpoint(String inVmUrl, String user, String secret) {
    }

    @Bean
    BrokerEndpoint brokerEndpoint(HubProperties properties) {
        String secret = properties.broker().internalSecret();
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        return new BrokerEndpoint("vm://" + IN_VM_IDS.incrementAndGet(), BrokerSecurity.HUB_USER, secret);
    }

    /** Not in the cluster profile: there every hub instance shares one external broker (docs/cluster.md). */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnExpression("'${spie.broker.external-url:}'.isEmpty()")
    EmbeddedActiveMQ embeddedBroker(HubProperties properties, PartnerRegistry partners, BrokerEndpoint endpoint)
            throws Exception {
        Path dir = properties.dataDir().resolve("broker").toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("spie-hub")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                // Past this many bytes of messages in memory, queues page to disk: a flux read faster than it is
                // delivered grows the journal, not the heap.
                .setGlobalMaxSize(properties.broker().maxMemoryBytesFor(Runtime.getRuntime().maxMemory()))
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", endpoint.inVmUrl())
                .addAcceptorConfiguration("partners", "tcp://" + properties.broker().host() + ":"
                        + properties.broker().port() + "?protocols=CORE,AMQP,STOMP");
        // Failed deliveries go back to the queue a few times, with growing delays, then to the dead letters.
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(Addresses.DEAD_LETTER))
                .setMaxDeliveryAttempts(5)
                .setRedeliveryDelay(500)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(30_000)
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false));
        for (String queue : queuesOf(partners)) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(new BrokerSecurity(partners, endpoint.secret()));
        log.info("Broker journal in {}; partners connect on tcp://{}:{} (core, AMQP, STOMP); pages to disk past {} MB"
                        + " of messages in memory", dir, properties.broker().host(), properties.broker().port(),
                config.getGlobalMaxSize() / (1024 * 1024));
        return broker;
    }

    /** Every queue exists from the start, so partners need no right to create any. */
    static List<String> queuesOf(PartnerRegistry partners) {
        List<String> queues = new ArrayList<>(List.of(Addresses.ACCEPTED, Addresses.DEAD_LETTER));
        for (Partner partner : partners.all()) {
            queues.add(Addresses.inbound(partner.id()));
            queues.add(Addresses.outbound(partner.id()));
            queues.add(Addresses.dispatch(partner.id()));
        }
        return queues;
    }

    /**
     * The hub's own connections: in-VM to the embedded broker (asked for first, so that it is started), or to the
     * external broker the cluster profile names, shared by every hub instance as competing consumers.
     */
    @Bean
    ActiveMQConnectionFactory hubConnectionFactory(ObjectProvider<EmbeddedActiveMQ> embeddedBroker,
                                                   BrokerEndpoint endpoint, Environment environment) {
        String external = environment.getProperty("spie.broker.external-url", "");
        if (!external.isBlank()) {
            log.info("External broker {}: no embedded broker in this instance", external);
            return new ActiveMQConnectionFactory(external, environment.getProperty("spie.broker.user", "hub"),
                    environment.getProperty("spie.broker.password", ""));
        }
        embeddedBroker.getObject();
        return new ActiveMQConnectionFactory(endpoint.inVmUrl(), endpoint.user(), endpoint.secret());
    }

    /** Camel and Spring JMS open a session per send: cache them on one connection. */
    @Bean
    @Primary
    CachingConnectionFactory jmsConnectionFactory(ActiveMQConnectionFactory hubConnectionFactory) {
        CachingConnectionFactory caching = new CachingConnectionFactory(hubConnectionFactory);
        caching.setSessionCacheSize(16);
        caching.setCacheConsumers(false);
        return caching;
    }

    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory jmsConnectionFactory) {
        return new JmsTransactionManager(jmsConnectionFactory);
    }
}
