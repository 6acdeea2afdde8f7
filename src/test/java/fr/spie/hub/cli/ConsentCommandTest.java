package fr.spie.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code consent bench}: runs the real policy on the repository's agreements and prints its figures. */
class ConsentCommandTest {

    @Test
    void theBenchPrintsTheCostOfADecisionAndTheVerdictsItReached() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CommandLine.run(new String[] {"consent", "bench", "--decisions", "2000", "--subjects", "100"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // Half the people consented (one in five of them withdrew): both verdicts occur, in these proportions.
        assertThat(printed).contains("decision per recipient (cached)").contains("ALLOWED=800, MINIMISED=1200")
                .containsPattern("RESULT per recipient: decision [0-9.]+ µs");
        // One person in four consented to the Mission Locale, whose agreement rests on consent alone: the others are
        // refused outright, and health, outside that agreement, is removed even from the consenting ones.
        assertThat(printed).contains("decision on consent alone (mission-locale)")
                .contains("{MINIMISED=500, REFUSED=1500}").containsPattern("on consent alone [0-9.]+ µs");
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(CommandLine.run(new String[] {"consent", "audit"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("consent bench");
    }
}
