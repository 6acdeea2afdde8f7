package fr.spie.hub.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The French social security number (NIR), normalised to its 13 characters without the key.
 *
 * <p>The CAF sends 13 characters, other sources 15 (with the 2-digit key, which is checked then dropped). The value
 * never appears in {@link #toString()} nor in an exception message, so that an accidental log line leaks nothing.
 */
public final class Nir {

    private static final int LENGTH = 13;
    private static final int LENGTH_WITH_KEY = 15;

    private final String value;

    private Nir(String value) {
        this.value = value;
    }

    /**
     * Reads a NIR of 13 characters (no key) or 15 (with key), ignoring spaces and dots.
     *
     * @throws InvalidNirException saying what is wrong (length, character at position N, wrong key), never the digits
     */
    public static Nir parse(String raw) {
        if (raw == null) {
            throw new InvalidNirException("NIR is missing");
        }
        StringBuilder cleaned = new StringBuilder(LENGTH_WITH_KEY);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            // people and forms write "1 85 05 07 186 123 45" or with dots; NBSP comes from office documents
            if (c != '.' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                cleaned.append(Character.toUpperCase(c));
            }
        }
        String nir = cleaned.toString();
        if (nir.isEmpty()) {
            throw new InvalidNirException("NIR is empty");
        }
        if (nir.length() != LENGTH && nir.length() != LENGTH_WITH_KEY) {
            throw new InvalidNirException(
                    "NIR must have 13 characters (15 with its key), got " + nir.length());
        }
        checkCharacters(nir);
        String body = nir.substring(0, LENGTH);
        if (nir.length() == LENGTH_WITH_KEY && Integer.parseInt(nir.substring(LENGTH)) != computeKey(body)) {
            throw new InvalidNirException("NIR key (characters 14-15) does not match the first 13 characters");
        }
        return new Nir(body);
    }

    private static void checkCharacters(String nir) {
        char sex = nir.charAt(0);
        if ("123478".indexOf(sex) < 0) {
            throw new InvalidNirException("NIR character at position 1 must be a sex digit (1, 2, 3, 4, 7 or 8)");
        }
        for (int i = 1; i < nir.length(); i++) {
            char c = nir.charAt(i);
            if (isDigit(c)) {
                continue;
            }
            // Corsica: département "2A" or "2B" in positions 6-7 instead of digits
            boolean corsica = i == 6 && (c == 'A' || c == 'B') && nir.charAt(5) == '2';
            if (!corsica) {
                String expected = i == 5 || i == 6 ? "a digit (or 2A/2B for Corsica in positions 6-7)" : "a digit";
                throw new InvalidNirException("NIR character at position " + (i + 1) + " must be " + expected);
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The key of a 13-character NIR: 97 − (number mod 97), Corsica's 2A and 2B counted as 19 and 18. */
    static int computeKey(String body) {
        String digits = body;
        if (body.charAt(6) == 'A') {
            digits = body.substring(0, 5) + "19" + body.substring(7);
        } else if (body.charAt(6) == 'B') {
            digits = body.substring(0, 5) + "18" + body.substring(7);
        }
        return (int) (97 - Long.parseLong(digits) % 97);
    }

    /** The 2-digit key (1 to 97) that sources other than the CAF append. */
    public int key() {
        return computeKey(value);
    }

    /** The 13 normalised characters: digits, or 2A/2B in positions 6-7. Never log it. */
    public String value() {
        return value;
    }

    /** The 15-character form (the 13 characters followed by the 2-digit key), for partners that expect it. */
    public String withKey() {
        return value + String.format(Locale.ROOT, "%02d", key());
    }

    /** Sex given by the first digit: 1 male, 2 female; temporary numbers (3, 4, 7, 8) tell nothing reliable. */
    private String sexInNir() {
        return switch (value.charAt(0)) {
            case '1' -> "male";
            case '2' -> "female";
            default -> null;
        };
    }

    /**
     * Disagreements between this NIR and what the same source says about the person. Such NIRs do occur; they are
     * to be flagged, never trusted or merged silently. The warnings contain no digit of the NIR.
     *
     * @param sex       "1"/"2" (the CAF's SEXE) or "M"/"F" (also "H" for homme); null or anything else: not checked
     * @param birthDate null: not checked
     * @return human-readable warnings, empty when consistent
     */
    public List<String> consistencyWarnings(String sex, LocalDate birthDate) {
        List<String> warnings = new ArrayList<>();
        String declaredSex = declaredSex(sex);
        String nirSex = sexInNir();
        if (declaredSex != null && nirSex != null && !declaredSex.equals(nirSex)) {
            warnings.add("sex in the NIR (" + nirSex + ") does not match the declared sex (" + declaredSex + ")");
        }
        int month = Integer.parseInt(value.substring(3, 5));
        // 01-12 a real month; 20 and above (99 included) an unknown or fictitious month, accepted as such
        boolean realMonth = month >= 1 && month <= 12;
        if (!realMonth && month < 20) {
            warnings.add("birth month in the NIR is not a month (nor a code for an unknown month)");
        }
        if (birthDate != null) {
            if (Integer.parseInt(value.substring(1, 3)) != birthDate.getYear() % 100) {
                warnings.add("birth year in the NIR does not match the birth date");
            }
            if (realMonth && month != birthDate.getMonthValue()) {
                warnings.add("birth month in the NIR does not match the birth date");
            }
        }
        return warnings;
    }

    private static String declaredSex(String sex) {
        if (sex == null) {
            return null;
        }
        return switch (sex.trim().toUpperCase(Locale.ROOT)) {
            case "1", "M", "H" -> "male";
            case "2", "F" -> "female";
            default -> null;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Nir nir && nir.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Redacted on purpose: a NIR must never reach a log line through string concatenation. */
    @Override
    public String toString() {
        return "Nir[redacted]";
    }
}
