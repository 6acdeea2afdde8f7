package fr.spie.hub.channels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom the hub trusts when it calls a partner over HTTPS: the certificates of {@code spie.channels.truststore}, read
 * once at start (a missing or unreadable truststore stops the start, rather than failing every delivery later), or
 * the JDK's default authorities when none is configured. Hostnames are checked as usual: a partner's certificate must
 * name the host of its URL.
 */
final class PartnerTrust {

    private PartnerTrust() {
    }

    /** The trust managers of the configured truststore, or null for the JDK's defaults. */
    static TrustManager[] trustManagers(ChannelSettings.Truststore truststore) {
        if (truststore == null || !truststore.isSet()) {
            return null;
        }
        Path file = Path.of(truststore.path());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(truststore.type());
            store.load(in, truststore.password() == null || truststore.password().isEmpty() ? null
                    : truststore.password().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("spie.channels.truststore: cannot read " + file + " as "
                    + truststore.type() + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context trusting the configured truststore, or the JDK's default context. */
    static SSLContext sslContext(ChannelSettings.Truststore truststore) {
        try {
            TrustManager[] trust = trustManagers(truststore);
            if (trust == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the partners' endpoints: " + e.getMessage(), e);
        }
    }
}
