package fr.spie.hub.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.audit.ConsentsOfPerson;
import fr.spie.hub.audit.ConsentsOfPerson.ConsentOnRecord;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.exchange.AcceptedExchangeStore;
import fr.spie.hub.partner.PartnerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sharing agreements (files, checked at start: a broken set stops the hub), consent registry and policy. */
@Configuration(proxyBeanMethods = false)
public class ConsentConfiguration {

    @Bean
    ConsentRegistry consentRegistry(JdbcTemplate jdbc) {
        return new ConsentRegistry(jdbc);
    }

    @Bean
    SharingPolicy sharingPolicy(HubProperties properties, PartnerRegistry partners, CanonicalSchemas schemas,
                                ConsentRegistry consentRegistry,
                                @Value("${spie.consent.agreements:config/sharing-agreements}") String folder) {
        Function<Path, List<SharingAgreement>> load = dir -> SharingAgreements.load(dir,
                id -> partners.find(id).isPresent(), type -> Files.isRegularFile(schemas.schemaOf(type)));
        Path agreements = properties.resolve(folder);
        // Checked now: a broken set stops the hub. Afterwards, a changed set is reloaded, or refused and logged.
        return new SharingPolicy(load.apply(agreements), consentRegistry).watching(agreements, load);
    }

    /** The person's consents for the GDPR access report (audit package), with their status now. */
    @Bean
    ConsentsOfPerson consentsOfPerson(ConsentRegistry registry) {
        return subject -> {
            Instant now = Instant.now();
            return registry.consentsOf(subject).stream().map(c -> new ConsentOnRecord(c.id(), c.recipient(),
                    c.purposes().stream().sorted().toList(), c.categories().stream().sorted().toList(),
                    c.consentType(), c.statusAt(now), c.givenAt(), c.expiresAt(), c.withdrawnAt(),
                    c.collectionMethod(), c.evidenceReference(), c.collectedBy(), c.recordedBy(), c.recordedAt()))
                    .toList();
        };
    }

    @Bean
    ConsentChanges consentChanges(ConsentRegistry registry, AcceptedExchangeStore store, AuditJournal journal,
                                  ObjectMapper json) {
        return new ConsentChanges(registry, store, journal, json);
    }
}
