package fr.spie.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import fr.spie.hub.generate.CafFluxGenerator;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The suite-wide log scan can fail: a NIR, a name or a key of the fixtures written to a log is caught. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogLeakGuardTest {

    private static final Logger log = LoggerFactory.getLogger(LogLeakGuardTest.class);

    @Test
    @Order(1)
    void theGuardIsOnForEveryTestWithoutBeingAskedFor() {
        // Nothing in this class has attached it yet: junit-platform.properties and META-INF/services did.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("spie-log-leak-guard")).isNotNull();
    }

    @Test
    void theFixturesPersonalDataAndKeysAreKnown() {
        PersonalDataOfFixtures data = PersonalDataOfFixtures.get();
        // The CAF specimen's NIRs, the Département's CSV names, the demo keys.
        assertThat(data.nirs()).contains("1770393050005", "2730799404078");
        assertThat(data.names()).contains("BULLOCK", "TIFOUR", "Charlotte", "Fondue");
        assertThat(data.secrets()).contains("demo-caf", "demo-admin", "demo-auditor");
    }

    @Test
    void aLeakedNirNameOrKeyIsCaughtAndAnIdIsNot() {
        LogLeakGuard.attach();
        LogLeakGuard.takeLeaks();
        log.info("Household of {} accepted", "1 77 03 93 050 005 12");
        log.warn("Unknown beneficiary {}", "TIFOUR");
        log.info("Key presented: {}", "demo-caf");
        log.info("Exchange {} delivered to caf, subject 3f2a", "0f8e3c1c-5b7d-4d0e-9d7b-2f5c7c2b9a11");
        assertThat(LogLeakGuard.takeLeaks()).hasSize(3).allSatisfy(leak -> assertThat(leak)
                .doesNotContain("TIFOUR").doesNotContain("demo-caf").doesNotContain("050 005"));
    }

    @Test
    void aHubProcessLogIsScannedForTheNirsAndNamesOfTheFluxItRead(@TempDir Path folder) throws Exception {
        Path flux = folder.resolve("caf.xml");
        try (OutputStream out = Files.newOutputStream(flux)) {
            new CafFluxGenerator(2026, "007").write(3, out);
        }
        Matcher nir = Pattern.compile("<NIR>([^<]+)</NIR>")
                .matcher(Files.readString(flux, Charset.forName("windows-1252")));
        assertThat(nir.find()).isTrue();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("2026-11-29T06:00:00Z INFO  [corr=c-" + i + "] fr.spie.hub.exchange.Intake : record " + i);
        }
        Path log = folder.resolve("hub.log");
        Files.write(log, lines);
        PersonalDataOfFixtures data = PersonalDataOfFixtures.alsoIn(flux);
        assertThat(data.leaksIn(log)).isEmpty();

        lines.set(17, "2026-11-29T06:00:01Z WARN  household of " + nir.group(1) + " refused");
        Files.write(log, lines);
        assertThat(data.leaksIn(log)).singleElement().asString().startsWith("line 18: NIR")
                .doesNotContain(nir.group(1));
    }
}
