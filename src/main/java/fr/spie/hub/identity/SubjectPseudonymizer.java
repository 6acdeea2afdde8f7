package fr.spie.hub.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hub's pseudonymous person id (the CloudEvents {@code subject}): a keyed HMAC-SHA256 of the normalised NIR, or of
 * the matching keys when there is no NIR. Without the key nobody can recompute or reverse it. Thread-safe.
 */
public final class SubjectPseudonymizer {

    /** The configuration setting that holds the key. */
    public static final String KEY_SETTING = "spie.identity.pseudonym-key";

    /** Below 256 bits the HMAC key would be weaker than the hash it feeds. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    /** 20 bytes = 160 bits: collision-free at any realistic population, 32 characters in base32. */
    private static final int PSEUDONYM_BYTES = 20;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    // hyphens, apostrophes and their typographic variants separate name parts: "JEAN-PIERRE" = "JEAN PIERRE"
    private static final Pattern SEPARATORS = Pattern.compile("[-\u2010\u2011\u2012\u2013\u2014'\u2019\u2018\u02BC`´]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ThreadLocal<Mac> macs;

    /**
     * @param key the secret from {@value #KEY_SETTING}, at least {@value #MIN_KEY_BYTES} bytes
     * @throws IllegalArgumentException when the key is missing or too short
     */
    public SubjectPseudonymizer(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(KEY_SETTING + " must be at least " + MIN_KEY_BYTES + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
        SecretKeySpec secret = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        newMac(secret); // fail now, at configuration time, rather than on the first message
        // a Mac is stateful and not thread-safe: one per thread
        this.macs = ThreadLocal.withInitial(() -> newMac(secret));
    }

    private static Mac newMac(SecretKeySpec secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** The pseudonym of a person known by NIR; the 13- and 15-character forms give the same one. */
    public String forNir(Nir nir) {
        Objects.requireNonNull(nir, "nir");
        return pseudonym("nir:" + nir.value());
    }

    /** The pseudonym of a person without NIR, from birth name, first name and birth date (spelling-tolerant). */
    public String forMatchingKeys(String birthName, String firstName, LocalDate birthDate) {
        Objects.requireNonNull(birthDate, "birthDate");
        String name = normaliseName(birthName);
        String first = normaliseName(firstName);
        if (name.isEmpty() || first.isEmpty()) {
            throw new IllegalArgumentException("matching keys need a birth name and a first name");
        }
        return pseudonym("keys:" + name + "|" + first + "|" + birthDate);
    }

    /**
     * The keyed hash under which a partner's own identifier of a person is linked to that person's subject (e.g.
     * France Travail's identifiant_unique_de): the link table never holds the identifier in clear.
     */
    public String forPartnerIdentifier(String kind, String identifier) {
        Objects.requireNonNull(kind, "kind");
        String value = identifier == null ? "" : identifier.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty identifier identifies nobody");
        }
        return pseudonym("id:" + kind + ":" + value);
    }

    /**
     * A name as partners' systems can all write it: no accents, uppercase, hyphens and apostrophes as spaces, single
     * spaces, trimmed. "Lefèvre-d'Août" and "LEFEVRE D AOUT" are the same.
     */
    public static String normaliseName(String name) {
        if (name == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        String plain = COMBINING_MARKS.matcher(decomposed).replaceAll("").toUpperCase(Locale.ROOT)
                // ligatures do not decompose under NFD, and many systems spell them out
                .replace("Œ", "OE").replace("Æ", "AE");
        String spaced = SEPARATORS.matcher(plain).replaceAll(" ");
        return WHITESPACE.matcher(spaced).replaceAll(" ").trim();
    }

    private String pseudonym(String input) {
        byte[] hmac = macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8));
        return base32(hmac, PSEUDONYM_BYTES);
    }

    /** RFC 4648 base32, lowercase, without padding (20 bytes make exactly 32 characters). */
    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 0x1F]);
        }
        return out.toString();
    }
}
