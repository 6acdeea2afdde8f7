package fr.spie.hub.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;

/**
 * Ed25519 (built into the JDK since 15) signs the journal's checkpoints. The private key comes from configuration
 * (PKCS#8, base64 or PEM); the public key is published so that an auditor can check an export without the hub.
 */
public final class AuditSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public AuditSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** From the configured private key (PKCS#8 DER, base64, with or without PEM armour). */
    public static AuditSigner fromPrivateKey(String pkcs8) {
        if (pkcs8 == null || pkcs8.isBlank()) {
            throw new IllegalStateException("spie.audit.signing-key is not set: the audit journal cannot sign its "
                    + "checkpoints (java -jar spie-hub.jar audit keygen makes one)");
        }
        try {
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            EdECPrivateKey key = (EdECPrivateKey) keys.generatePrivate(new PKCS8EncodedKeySpec(der(pkcs8)));
            return new AuditSigner(key, derivePublic(key));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("spie.audit.signing-key is not an Ed25519 PKCS#8 key", e);
        }
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    public static PublicKey publicKey(String x509) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(x509)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key (X.509 PEM or base64)", e);
        }
    }

    public String sign(byte[] content) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(content);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] content, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(content);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String text) {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /**
     * The JDK has no public API from an Ed25519 private key to its public key; the key pair generator fed with the
     * private key's seed rebuilds the same pair (RFC 8032: the public key is a function of the seed), checked here.
     */
    private static PublicKey derivePublic(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("Private key has no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        if (!java.util.Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new GeneralSecurityException("Cannot derive the Ed25519 public key");
        }
        return pair.getPublic();
    }

    /** A "random" source that yields the private key's seed, so that the generator rebuilds that very pair. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
