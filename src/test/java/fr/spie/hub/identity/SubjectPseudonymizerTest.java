package fr.spie.hub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubjectPseudonymizerTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final LocalDate BIRTH = LocalDate.of(1982, 2, 1);

    private final SubjectPseudonymizer pseudonymizer = new SubjectPseudonymizer(KEY);

    @Test
    void isStableAnd32LowercaseBase32Characters() {
        String pseudonym = pseudonymizer.forNir(Nir.parse("2550814168025"));

        assertThat(pseudonym).hasSize(32).matches("[a-z2-7]{32}");
        assertThat(new SubjectPseudonymizer(KEY.clone()).forNir(Nir.parse("2550814168025"))).isEqualTo(pseudonym);
    }

    @Test
    void isTheHmacOfThePrefixedNirInBase32() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        byte[] expected = mac.doFinal("nir:2550814168025".getBytes(StandardCharsets.UTF_8));

        assertThat(decodeBase32(pseudonymizer.forNir(Nir.parse("2550814168025"))))
                .isEqualTo(java.util.Arrays.copyOf(expected, 20));
    }

    @Test
    void dependsOnTheKey() {
        Nir nir = Nir.parse("2550814168025");

        assertThat(new SubjectPseudonymizer(OTHER_KEY).forNir(nir)).isNotEqualTo(pseudonymizer.forNir(nir));
    }

    @Test
    void givesTheSamePseudonymForThe13And15CharacterFormsOfOnePerson() {
        assertThat(pseudonymizer.forNir(Nir.parse("2 55 08 14 168 025 38")))
                .isEqualTo(pseudonymizer.forNir(Nir.parse("2550814168025")))
                .isNotEqualTo(pseudonymizer.forNir(Nir.parse("2550814168026")));
    }

    @Test
    void normalisesAccentsHyphensApostrophesAndSpacesInMatchingKeys() {
        String reference = pseudonymizer.forMatchingKeys("LEFEVRE D AOUT", "JEAN PIERRE", BIRTH);

        assertThat(pseudonymizer.forMatchingKeys("Lefèvre-d'Août", "Jean-Pierre", BIRTH)).isEqualTo(reference);
        assertThat(pseudonymizer.forMatchingKeys("  lefèvre d’août ", "jean  pierre", BIRTH)).isEqualTo(reference);
        assertThat(pseudonymizer.forMatchingKeys("LEFÈVRE-D'AOÛT", "JEAN–PIERRE", BIRTH)).isEqualTo(reference);
        assertThat(pseudonymizer.forMatchingKeys("LEFEVRE D AOUT", "JEAN PIERRE", BIRTH.plusDays(1)))
                .isNotEqualTo(reference);
        assertThat(pseudonymizer.forMatchingKeys("LEFEVRE", "JEAN PIERRE", BIRTH)).isNotEqualTo(reference);
    }

    @Test
    void normalisesNamesAsPartnersSpellThem() {
        assertThat(SubjectPseudonymizer.normaliseName(" Héloïse-Françoise  d'Œuf ")).isEqualTo("HELOISE FRANCOISE D OEUF");
        assertThat(SubjectPseudonymizer.normaliseName("ÉLODIE")).isEqualTo("ELODIE");
    }

    @Test
    void matchingKeysAndNirNeverCollideByConstruction() {
        assertThat(pseudonymizer.forMatchingKeys("A", "B", BIRTH))
                .isNotEqualTo(pseudonymizer.forNir(Nir.parse("2550814168025")));
    }

    @Test
    void refusesEmptyNames() {
        assertThatThrownBy(() -> pseudonymizer.forMatchingKeys(" - ", "JEAN", BIRTH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAShortKeyNamingTheSetting() {
        assertThatThrownBy(() -> new SubjectPseudonymizer(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spie.identity.pseudonym-key")
                .hasMessageContaining("32");
        assertThatThrownBy(() -> new SubjectPseudonymizer(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spie.identity.pseudonym-key");
    }

    @Test
    void isSafeToShareBetweenThreads() {
        Nir nir = Nir.parse("2550814168025");
        String expected = pseudonymizer.forNir(nir);
        Set<String> seen = ConcurrentHashMap.newKeySet();

        IntStream.range(0, 20_000).parallel().forEach(i -> {
            seen.add(pseudonymizer.forNir(nir));
            pseudonymizer.forMatchingKeys("NOM" + i, "PRENOM", BIRTH);
        });

        assertThat(seen).containsExactly(expected);
    }

    private static byte[] decodeBase32(String text) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
