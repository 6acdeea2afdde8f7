package fr.spie.hub;

import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.identity.SubjectPseudonymizer;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.validation.JsonDocumentReader;
import fr.spie.hub.validation.JsonSchemas;
import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.PassThroughJmsKeyFormatStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.JmsTransactionManager;

/** The pieces the pipeline steps share: schemas, mappings, pseudonyms, and Camel's JMS component. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean
    JsonSchemas jsonSchemas() {
        return new JsonSchemas();
    }

    @Bean
    JsonDocumentReader jsonDocumentReader() {
        return new JsonDocumentReader();
    }

    @Bean
    MappingCatalog mappingCatalog(HubProperties properties) {
        return new MappingCatalog(properties.homeDir());
    }

    @Bean
    CanonicalSchemas canonicalSchemas(HubProperties properties) {
        return new CanonicalSchemas(properties.resolve("schemas/canonical"));
    }

    @Bean
    SubjectPseudonymizer subjectPseudonymizer(HubProperties properties) {
        return new SubjectPseudonymizer(properties.identity().pseudonymKey().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Camel's {@code jms:} endpoints on the hub's broker connection, transacted with the same manager, and with header
     * names passed as they are: the contract's headers ({@code spie-exchange-id}...) contain hyphens.
     */
    @Bean("jms")
    JmsComponent jmsComponent(ConnectionFactory connectionFactory, JmsTransactionManager jmsTransactionManager) {
        JmsComponent jms = JmsComponent.jmsComponentTransacted(connectionFactory, jmsTransactionManager);
        jms.getConfiguration().setJmsKeyFormatStrategy(new PassThroughJmsKeyFormatStrategy());
        return jms;
    }
}
