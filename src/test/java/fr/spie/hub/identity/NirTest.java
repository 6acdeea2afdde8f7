package fr.spie.hub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NirTest {

    // The public textbook example: 2 55 08 14 168 025, key 38 (2550814168025 mod 97 = 59, 97 - 59 = 38).
    private static final String BODY = "2550814168025";

    @Test
    void readsThe13CharactersTheCafSends() {
        Nir nir = Nir.parse(BODY);

        assertThat(nir.value()).isEqualTo(BODY);
        assertThat(nir.key()).isEqualTo(38);
        assertThat(nir.withKey()).isEqualTo(BODY + "38");
    }

    @Test
    void readsThe15CharactersWithTheRightKeyAndNormalisesTo13() {
        Nir nir = Nir.parse(BODY + "38");

        assertThat(nir.value()).isEqualTo(BODY);
        assertThat(nir).isEqualTo(Nir.parse(BODY));
    }

    @Test
    void ignoresSpacesAndDotsAsPeopleWriteThem() {
        assertThat(Nir.parse(" 2 55 08 14 168 025 38 ").value()).isEqualTo(BODY);
        assertThat(Nir.parse("2.55.08.14.168.025.38").value()).isEqualTo(BODY);
        assertThat(Nir.parse("2\u00a055\u00a008 14 168 025").value()).isEqualTo(BODY);
    }

    @Test
    void rejectsAWrongKey() {
        assertThatThrownBy(() -> Nir.parse(BODY + "39"))
                .isInstanceOf(InvalidNirException.class)
                .hasMessage("NIR key (characters 14-15) does not match the first 13 characters");
    }

    @Test
    void computesTheKeyOfCorsicaSouth2AAs19() {
        // 2 69 05 2A 004 017 (born in Ajaccio, 2A004). For the key, 2A counts as 19:
        // 2690519004017 = 97 × 27737309319 + 74, so the key is 97 - 74 = 23.
        Nir nir = Nir.parse("2 69 05 2A 004 017");

        assertThat(nir.value()).isEqualTo("269052A004017");
        assertThat(nir.key()).isEqualTo(97 - (int) (2690519004017L % 97)).isEqualTo(23);
        assertThat(Nir.parse("269052A00401723")).isEqualTo(nir);
        assertThatThrownBy(() -> Nir.parse("269052A00401724")).isInstanceOf(InvalidNirException.class);
    }

    @Test
    void computesTheKeyOfCorsicaNorth2BAs18() {
        // 1 78 12 2B 033 124 (born in Bastia, 2B033). For the key, 2B counts as 18:
        // 1781218033124 = 97 × 18363072506 + 42, so the key is 97 - 42 = 55.
        Nir nir = Nir.parse("178122b033124");

        assertThat(nir.value()).as("normalised to uppercase").isEqualTo("178122B033124");
        assertThat(nir.key()).isEqualTo(97 - (int) (1781218033124L % 97)).isEqualTo(55);
        assertThat(Nir.parse("178122B03312455")).isEqualTo(nir);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "25508141680         | NIR must have 13 characters (15 with its key), got 11",
        "25508141680253      | NIR must have 13 characters (15 with its key), got 14",
        "2550814168025388    | NIR must have 13 characters (15 with its key), got 16",
        "5550814168025       | NIR character at position 1 must be a sex digit (1, 2, 3, 4, 7 or 8)",
        "255O814168025       | NIR character at position 4 must be a digit",
        "25508X4168025       | NIR character at position 6 must be a digit (or 2A/2B for Corsica in positions 6-7)",
        "255082C168025       | NIR character at position 7 must be a digit (or 2A/2B for Corsica in positions 6-7)",
        "255081A168025       | NIR character at position 7 must be a digit (or 2A/2B for Corsica in positions 6-7)",
        "25508141680-5       | NIR character at position 12 must be a digit",
        "25508141680253A     | NIR character at position 15 must be a digit",
    })
    void saysPreciselyWhatIsWrongWithoutRepeatingTheNir(String input, String message) {
        assertThatThrownBy(() -> Nir.parse(input))
                .isInstanceOf(InvalidNirException.class)
                .hasMessage(message)
                .message().doesNotContain(input.substring(0, 5));
    }

    @Test
    void errorMessagesDoNotDependOnTheDigitsOfTheInput() {
        // same faults, every digit different: any digit echoed from the input would make the messages differ
        assertThat(messageOf("1234X678901")).isEqualTo(messageOf("2987X654321"));
        assertThat(messageOf("185X307186123")).isEqualTo(messageOf("276X418297234"));
        assertThat(messageOf("185030718612300")).isEqualTo(messageOf("276041829723400"));
    }

    @Test
    void rejectsMissingOrBlankInput() {
        assertThatThrownBy(() -> Nir.parse(null)).isInstanceOf(InvalidNirException.class).hasMessage("NIR is missing");
        assertThatThrownBy(() -> Nir.parse(" . ")).isInstanceOf(InvalidNirException.class).hasMessage("NIR is empty");
    }

    @Test
    void toStringRevealsNothing() {
        Nir nir = Nir.parse(BODY);

        assertThat(nir.toString()).isEqualTo("Nir[redacted]");
        assertThat("subject " + nir).doesNotContainPattern("\\d");
    }

    @Test
    void isConsistentWithTheSexAndBirthDateItEncodes() {
        Nir nir = Nir.parse(BODY);

        assertThat(nir.consistencyWarnings("2", LocalDate.of(1955, 8, 14))).isEmpty();
        assertThat(nir.consistencyWarnings("F", LocalDate.of(1955, 8, 1))).isEmpty();
        assertThat(nir.consistencyWarnings(null, null)).isEmpty();
    }

    @Test
    void warnsWhenTheSexDigitDisagrees() {
        Nir nir = Nir.parse(BODY);

        assertThat(nir.consistencyWarnings("1", null))
                .containsExactly("sex in the NIR (female) does not match the declared sex (male)");
        assertThat(nir.consistencyWarnings("m", null)).hasSize(1);
    }

    @Test
    void treatsTemporaryNumbersAsUnknownSex() {
        assertThat(Nir.parse("7550814168025").consistencyWarnings("1", LocalDate.of(1955, 8, 14))).isEmpty();
        assertThat(Nir.parse("3550814168025").consistencyWarnings("2", LocalDate.of(1955, 8, 14))).isEmpty();
    }

    @Test
    void warnsWhenTheYearOrMonthDisagreesWithTheBirthDate() {
        Nir nir = Nir.parse(BODY);

        assertThat(nir.consistencyWarnings("2", LocalDate.of(1956, 8, 14)))
                .containsExactly("birth year in the NIR does not match the birth date");
        assertThat(nir.consistencyWarnings("2", LocalDate.of(1955, 9, 14)))
                .containsExactly("birth month in the NIR does not match the birth date");
        assertThat(nir.consistencyWarnings("1", LocalDate.of(1965, 1, 14))).hasSize(3)
                .allSatisfy(warning -> assertThat(warning).doesNotContainPattern("\\d"));
    }

    @Test
    void acceptsUnknownMonthsButNotImpossibleOnes() {
        LocalDate birth = LocalDate.of(1955, 8, 14);
        assertThat(Nir.parse("2559914168025").consistencyWarnings("2", birth)).as("99 unknown").isEmpty();
        assertThat(Nir.parse("2552014168025").consistencyWarnings("2", birth)).as("20+ fictitious").isEmpty();
        assertThat(Nir.parse("2551314168025").consistencyWarnings("2", birth))
                .containsExactly("birth month in the NIR is not a month (nor a code for an unknown month)");
        assertThat(Nir.parse("2550014168025").consistencyWarnings(null, null)).hasSize(1);
    }

    private static String messageOf(String input) {
        try {
            Nir.parse(input);
            throw new AssertionError("expected a rejection");
        } catch (InvalidNirException e) {
            return e.getMessage();
        }
    }
}
