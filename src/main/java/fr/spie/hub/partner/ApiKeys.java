package fr.spie.hub.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** API keys are compared through their SHA-256, in constant time, so that neither files nor timing reveal them. */
public final class ApiKeys {

    private ApiKeys() {
    }

    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when the key is one of the partner's; every stored hash is compared, so timing tells nothing. */
    public static boolean matches(Partner partner, String key) {
        return matchesAny(partner.credentials().apiKeySha256(), key);
    }

    public static boolean matchesAny(Iterable<String> storedHashes, String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String presented = sha256(key);
        boolean found = false;
        for (String stored : storedHashes) {
            found |= constantTimeEquals(stored.toLowerCase(), presented);
        }
        return found;
    }

    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
