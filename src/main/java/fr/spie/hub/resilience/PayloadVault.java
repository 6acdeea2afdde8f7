package fr.spie.hub.resilience;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Seals the payloads the hub keeps for replay (they hold NIRs and names) with AES-256-GCM: a fresh 96-bit nonce per
 * payload, and the row's id as associated data, so that a sealed payload cannot be moved to another row unnoticed.
 * Layout: version (1 byte) | nonce (12) | ciphertext and 128-bit tag.
 */
@Component
public class PayloadVault {

    private static final Logger log = LoggerFactory.getLogger(PayloadVault.class);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public PayloadVault(ResilienceProperties properties) {
        this.key = new SecretKeySpec(keyOf(properties.vaultKey()), "AES");
    }

    private static byte[] keyOf(String configured) {
        if (configured == null || configured.isBlank()) {
            log.warn("spie.resilience.vault-key is not set: payloads kept for replay are sealed with a random key "
                    + "and cannot be replayed after a restart");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        byte[] key = Base64.getDecoder().decode(configured.trim());
        if (key.length != 32) {
            throw new IllegalStateException("spie.resilience.vault-key must be the base64 of 32 bytes (AES-256), got "
                    + key.length + " bytes");
        }
        return key;
    }

    public byte[] seal(byte[] plain, String rowId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws IllegalStateException when the payload was sealed with another key or altered */
    public byte[] open(byte[] sealed, String rowId) {
        if (sealed.length < 1 + NONCE_BYTES || sealed[0] != VERSION) {
            throw new IllegalStateException("Not a sealed payload of this version");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The payload cannot be opened: another key, or altered", e);
        }
    }
}
