package fr.spie.hub.channels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
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

    /** Why TLS failed, in words an operator acts on; the partner's certificate itself is not quoted. */
    static String handshakeFailure(String channel, SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException certificate) {
                String text = String.valueOf(certificate.getMessage());
                if (text.contains("No subject alternative") || text.contains("No name matching")) {
                    return channel + " TLS handshake failed: the partner's certificate does not name the URL's host";
                }
                return channel + " TLS handshake failed: the partner's certificate is not trusted"
                        + " (not in spie.channels.truststore): " + certificate.getClass().getSimpleName();
            }
        }
        return channel + " TLS handshake failed: " + (e instanceof SSLHandshakeException ? "handshake refused"
                : e.getClass().getSimpleName());
    }

    /** The TLS failure somewhere in {@code e}'s causes, if any. */
    static SSLException tlsFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException tls) {
                return tls;
            }
        }
        return null;
    }
}
