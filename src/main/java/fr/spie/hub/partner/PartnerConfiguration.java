package fr.spie.hub.partner;

import fr.spie.hub.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the partner files at start; a broken file stops the start with its name and the reason. */
@Configuration(proxyBeanMethods = false)
public class PartnerConfiguration {

    @Bean
    PartnerRegistry partnerRegistry(HubProperties properties) {
        return PartnerRegistry.load(properties.partnersDir());
    }
}
