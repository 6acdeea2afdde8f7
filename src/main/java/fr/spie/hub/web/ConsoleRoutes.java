package fr.spie.hub.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The auditor's console is static (src/main/resources/static/console): {@code /console/} serves its page. The page
 * holds no data; everything it shows comes from the audit API with the auditor's key.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleRoutes implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
