package fr.spie.hub.access;

import fr.spie.hub.partner.ApiKeys;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Turns an {@code X-API-Key} into a caller: partner keys are in the partner files, the auditor's and administrator's in
 * {@code spie.access.*}, all as SHA-256 hashes compared in constant time. Every key is tried, so timing tells nothing.
 */
@Component
public class ApiKeyAuthenticator {

    /**
     * Hashes of the auditor's, the administrator's and the agents' keys (several each, so that a key can be rotated).
     * An agent is a social worker's tool that records and withdraws consents; it may not send exchanges.
     */
    @ConfigurationProperties(prefix = "spie.access")
    public record AccessKeys(@DefaultValue List<String> auditorKeySha256, @DefaultValue List<String> adminKeySha256,
                             @DefaultValue List<String> agentKeySha256) {
    }

    private final PartnerRegistry partners;
    private final AccessKeys keys;

    public ApiKeyAuthenticator(PartnerRegistry partners, AccessKeys keys) {
        this.partners = partners;
        this.keys = keys;
    }

    public Optional<Caller> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        Caller found = null;
        for (Partner partner : partners.all()) {
            if (ApiKeys.matches(partner, apiKey)) {
                found = new Caller(Caller.Role.PARTNER, partner.id());
            }
        }
        if (ApiKeys.matchesAny(keys.auditorKeySha256(), apiKey)) {
            found = new Caller(Caller.Role.AUDITOR, "auditor");
        }
        if (ApiKeys.matchesAny(keys.agentKeySha256(), apiKey)) {
            found = new Caller(Caller.Role.AGENT, "agent");
        }
        if (ApiKeys.matchesAny(keys.adminKeySha256(), apiKey)) {
            found = new Caller(Caller.Role.ADMIN, "admin");
        }
        return Optional.ofNullable(found);
    }
}
