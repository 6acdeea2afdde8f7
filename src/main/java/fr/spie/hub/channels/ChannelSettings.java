package fr.spie.hub.channels;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub retries a remote channel (webhook, SOAP, file drop) before it dead-letters a copy
 * ({@code spie.channels.*} in application.yaml).
 *
 * @param maxAttempts    attempts in all, the first included; the last failure sends the copy to the dead letters
 * @param initialBackoff wait after the first failure; each next wait is multiplied by {@code multiplier}
 * @param multiplier     growth of the wait between attempts (exponential backoff)
 * @param maxBackoff     no wait is longer than this
 * @param jitter         each wait is drawn in [wait × (1 − jitter), wait × (1 + jitter)] so that retries spread
 * @param timeout        connect and answer time allowed to a partner's endpoint per attempt
 * @param truststore     the certificates the hub trusts on an HTTPS webhook or SOAP endpoint of a partner; none:
 *                       the JDK's default certification authorities
 */
@ConfigurationProperties(prefix = "spie.channels")
public record ChannelSettings(@DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
                              @DefaultValue("2.0") double multiplier, @DefaultValue("1m") Duration maxBackoff,
                              @DefaultValue("0.2") double jitter, @DefaultValue("10s") Duration timeout,
                              Truststore truststore) {

    @ConstructorBinding
    public ChannelSettings {
    }

    /** Settings without a truststore of their own (the JDK's default authorities). */
    public ChannelSettings(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                           double jitter, Duration timeout) {
        this(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, timeout, null);
    }

    /**
     * A truststore file (PKCS12 by default, or JKS) holding the partners' certificates or their authorities.
     *
     * @param path     the file, absolute or relative to the working directory; blank: none
     * @param password its password (integrity check), if any
     * @param type     PKCS12 or JKS
     */
    public record Truststore(String path, String password, @DefaultValue("PKCS12") String type) {
        public boolean isSet() {
            return path != null && !path.isBlank();
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based), jitter included. */
    public Duration backoffAfter(int attempt, double random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        double capped = Math.min(base, maxBackoff.toMillis());
        double spread = capped * (1 + jitter * (2 * random - 1));
        return Duration.ofMillis(Math.max(0, Math.round(spread)));
    }
}
