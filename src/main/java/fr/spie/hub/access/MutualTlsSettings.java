package fr.spie.hub.access;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Optional mutual TLS ({@code spie.security.mtls}): a second HTTPS port where partners authenticate by their client
 * certificate instead of an API key. Off unless a port is set.
 *
 * @param port               the TLS port; 0 (the default) means no mTLS port
 * @param host               address the port binds to (loopback unless deliberately opened)
 * @param keystore           the hub's server certificate and key (PKCS#12 file)
 * @param keystorePassword   its password (from the environment in production)
 * @param truststore         the certificate authorities whose client certificates are accepted (PKCS#12 file)
 * @param truststorePassword its password
 * @param clients            which client certificate is which partner
 */
@ConfigurationProperties(prefix = "spie.security.mtls")
public record MutualTlsSettings(@DefaultValue("0") int port, @DefaultValue("127.0.0.1") String host,
                                @DefaultValue("") String keystore, @DefaultValue("") String keystorePassword,
                                @DefaultValue("") String truststore, @DefaultValue("") String truststorePassword,
                                @DefaultValue List<Client> clients) {

    /**
     * One partner's certificate, named by its SHA-256 fingerprint (hex of the DER encoding: pins one certificate) or
     * by its subject DN (RFC 2253, e.g. {@code CN=caf.example.org,O=CAF}: any certificate the truststore's authorities
     * issue with that subject, so that a renewed certificate needs no change here).
     */
    public record Client(String partner, String certificateSha256, String subject) {
    }

    public boolean enabled() {
        return port > 0;
    }
}
