package fr.spie.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed certificates for the partners' HTTPS endpoints in tests, made by the JDK's own keytool (no library, no
 * file in the repository): the Mission Locale's webhook certificate and France Travail's SOAP service certificate,
 * which the hub's truststore holds, and an impostor's certificate for the same address, which it does not. All name
 * 127.0.0.1, so only trust tells them apart.
 */
public final class PartnerCertificates {

    /** Test-only password of the generated stores, never a secret: the stores live in a temporary folder. */
    public static final String PASSWORD = "test-only-changeit";
    /** The partners whose certificates the hub's truststore holds. */
    private static final java.util.List<String> TRUSTED = java.util.List.of("mission-locale", "france-travail");

    private final Path folder;

    private PartnerCertificates(Path folder) {
        this.folder = folder;
    }

    /** Generates the stores once per JVM (about a second with EC keys). */
    public static PartnerCertificates generate() {
        try {
            Path folder = Files.createTempDirectory("spie-hub-tls-");
            PartnerCertificates certificates = new PartnerCertificates(folder);
            certificates.keyPair("impostor");
            for (String trusted : TRUSTED) {
                certificates.keyPair(trusted);
                Path pem = folder.resolve(trusted + ".pem");
                certificates.keytool("-exportcert", "-rfc", "-alias", trusted, "-keystore",
                        certificates.keystore(trusted).toString(), "-storepass", PASSWORD, "-file", pem.toString());
                certificates.keytool("-importcert", "-noprompt", "-alias", trusted, "-file", pem.toString(),
                        "-keystore", certificates.truststore().toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD);
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hub's truststore: the Mission Locale's and France Travail's certificates, not the impostor's. */
    public Path truststore() {
        return folder.resolve("partners-truststore.p12");
    }

    /** A partner's key and certificate (PKCS12, alias = the partner's name). */
    public Path keystore(String partner) {
        return folder.resolve(partner + ".p12");
    }

    /** A server-side TLS context presenting {@code partner}'s certificate. */
    public SSLContext serverContext(String partner) {
        try (InputStream in = Files.newInputStream(keystore(partner))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void keyPair(String partner) throws IOException {
        keytool("-genkeypair", "-alias", partner, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + partner + " (test), O=SPIE hub tests", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keystore(partner).toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
