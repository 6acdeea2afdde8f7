package fr.spie.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
}
