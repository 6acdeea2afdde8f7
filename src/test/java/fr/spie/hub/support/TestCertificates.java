package fr.spie.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small PKI made with the JDK's keytool for the mTLS tests, once per JVM: a test CA; the hub's server certificate
 * (127.0.0.1) and the truststore holding the CA; client certificates issued by the CA for the CAF ({@code CN=caf}) and
 * for a stranger no partner is mapped to; and a self-signed "rogue" client certificate the CA never issued.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-only-changeit";
    private static TestCertificates instance;

    public final Path folder;
    public final Path serverKeystore;
    public final Path truststore;
    public final Path cafClient;
    public final Path strangerClient;
    public final Path rogueClient;

    private TestCertificates(Path folder) {
        this.folder = folder;
        this.serverKeystore = folder.resolve("server.p12");
        this.truststore = folder.resolve("truststore.p12");
        this.cafClient = folder.resolve("caf.p12");
        this.strangerClient = folder.resolve("stranger.p12");
        this.rogueClient = folder.resolve("rogue.p12");
    }

    public static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                TestCertificates made = new TestCertificates(Files.createTempDirectory("spie-hub-pki-"));
                made.make();
                instance = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private void make() throws IOException {
        Path ca = folder.resolve("ca.p12");
        Path caCert = folder.resolve("ca.crt");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=SPIE Hub test CA", "-ext", "bc:c", "-validity", "3", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCert.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
                truststore.toString());
        issued(ca, caCert, serverKeystore, "CN=127.0.0.1,O=SPIE Hub test", "san=ip:127.0.0.1,dns:localhost");
        issued(ca, caCert, cafClient, "CN=caf,O=CAF test", null);
        issued(ca, caCert, strangerClient, "CN=stranger,O=Nobody", null);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=caf,O=CAF test", "-validity", "3", "-keystore", rogueClient.toString());
    }

    /** A key pair in {@code keystore} whose certificate the CA signs, imported with its chain. */
    private void issued(Path ca, Path caCert, Path keystore, String dname, String san) throws IOException {
        String alias = keystore.equals(serverKeystore) ? "server" : "client";
        Path request = folder.resolve(keystore.getFileName() + ".csr");
        Path signed = folder.resolve(keystore.getFileName() + ".crt");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "3", "-keystore", keystore.toString());
        keytool("-certreq", "-alias", alias, "-keystore", keystore.toString(), "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "3"));
        if (san != null) {
            sign.addAll(List.of("-ext", san));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
                keystore.toString());
        keytool("-importcert", "-alias", alias, "-file", signed.toString(), "-keystore", keystore.toString());
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            String output = new String(out.readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The certificate of a client keystore. */
    public static X509Certificate certificateOf(Path keystore) {
        try {
            return (X509Certificate) load(keystore).getCertificate("client");
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context presenting {@code clientKeystore} (null: no certificate) and trusting the test CA. */
    public SSLContext clientContext(Path clientKeystore) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(clientKeystore == null ? null : load(clientKeystore), PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeystore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + keystore, e);
        }
    }
}
