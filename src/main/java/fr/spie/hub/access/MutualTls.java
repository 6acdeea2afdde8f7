package fr.spie.hub.access;

import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The optional mutual-TLS port ({@link MutualTlsSettings}): a second Tomcat connector that asks every client for a
 * certificate issued by an authority of the configured truststore (the handshake fails otherwise: the request never
 * reaches the hub). On that port the certificate is the credential: its fingerprint or subject names the partner;
 * an API key is not looked at. A trusted certificate that names no partner is refused by the {@link AccessGuard}
 * (401, journaled ACCESS_DENIED).
 */
@Component
public class MutualTls implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final MutualTlsSettings settings;
    private volatile Connector connector;

    public MutualTls(MutualTlsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!settings.enabled()) {
            return;
        }
        if (settings.keystore().isBlank() || settings.truststore().isBlank()) {
            throw new IllegalStateException("spie.security.mtls.port is set: spie.security.mtls.keystore and "
                    + "spie.security.mtls.truststore are required");
        }
        Connector tls = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        tls.setPort(settings.port());
        tls.setScheme("https");
        tls.setSecure(true);
        tls.setProperty("address", settings.host());
        Http11NioProtocol protocol = (Http11NioProtocol) tls.getProtocolHandler();
        protocol.setSSLEnabled(true);
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setCertificateVerification("required");
        ssl.setTruststoreFile(settings.truststore());
        ssl.setTruststorePassword(settings.truststorePassword());
        ssl.setTruststoreType("PKCS12");
        ssl.setProtocols("TLSv1.2+TLSv1.3");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(settings.keystore());
        certificate.setCertificateKeystorePassword(settings.keystorePassword());
        certificate.setCertificateKeystoreType("PKCS12");
        ssl.addCertificate(certificate);
        protocol.addSslHostConfig(ssl);
        factory.addAdditionalTomcatConnectors(tls);
        this.connector = tls;
    }

    /** The port the mTLS connector listens on once started (the configured one), or -1 when there is none. */
    public int localPort() {
        Connector tls = connector;
        return tls == null ? -1 : tls.getLocalPort();
    }

    /**
     * The current request's partner by certificate: empty when the request did not come over the mTLS port; present
     * with an empty caller when it did with a certificate that names no partner.
     */
    Optional<Optional<Caller>> callerOfCurrentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (connector == null || !(attributes instanceof ServletRequestAttributes servlet)) {
            return Optional.empty();
        }
        HttpServletRequest request = servlet.getRequest();
        if (!request.isSecure() || request.getLocalPort() != localPort()) {
            return Optional.empty();
        }
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CERTIFICATES);
        if (chain == null || chain.length == 0) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(partnerOf(chain[0]).map(partner -> new Caller(Caller.Role.PARTNER, partner)));
    }

    Optional<String> partnerOf(X509Certificate certificate) {
        String fingerprint = fingerprint(certificate);
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (MutualTlsSettings.Client client : settings.clients()) {
            if (client.certificateSha256() != null
                    && client.certificateSha256().replace(":", "").toLowerCase(Locale.ROOT).equals(fingerprint)) {
                return Optional.of(client.partner());
            }
            if (client.subject() != null
                    && new X500Principal(client.subject()).getName(X500Principal.RFC2253).equals(subject)) {
                return Optional.of(client.partner());
            }
        }
        return Optional.empty();
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex (what {@code keytool -printcert} shows, less colons). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot hash a client certificate", e);
        }
    }
}
