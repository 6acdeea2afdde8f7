package fr.spie.hub.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spie.resilience.*}: how long payloads kept for replay live, and the key that seals them.
 *
 * @param vaultKey      AES-256 key (base64 of 32 bytes) sealing the payloads kept for replay (dead letters, quarantine);
 *                      empty means a random key per start, so that nothing is ever stored in clear
 * @param retention     how long a kept payload may be replayed; past it, it is purged (the reason and the audit stay)
 * @param purgeInterval how often the purge runs
 */
@ConfigurationProperties(prefix = "spie.resilience")
public record ResilienceProperties(@DefaultValue("") String vaultKey, @DefaultValue("P30D") Duration retention,
                                   @DefaultValue("PT1H") Duration purgeInterval) {
}
