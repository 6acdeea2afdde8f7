package fr.spie.hub.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The suite-wide log scan: registered for every test of the suite (META-INF/services, junit-platform.properties), it
 * reads every log event the hub and the tests write, as it is written, for a NIR, a name or a key of the fixtures
 * ({@link PersonalDataOfFixtures}). A test during which such a line was written fails, naming the logger, the thread
 * and what kind of value leaked (the value itself masked). Events below the loggers' levels are never written, so
 * they are not scanned: what is scanned is what an operator would read.
 */
public class LogLeakGuard implements BeforeEachCallback, AfterEachCallback {

    private static final String APPENDER = "spie-log-leak-guard";
    private static final ScanningAppender SCANNER = new ScanningAppender();

    @Override
    public void beforeEach(ExtensionContext context) {
        attach();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = takeLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Personal data or a key of the fixtures in the log output ("
                    + leaks.size() + " line(s)):\n  " + String.join("\n  ", leaks.subList(0, Math.min(20,
                    leaks.size()))));
        }
    }

    /** (Re)attaches the scanner to the root logger: Spring Boot resets Logback's configuration when it starts. */
    public static synchronized void attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) == null) {
            SCANNER.setContext(context);
            SCANNER.setName(APPENDER);
            SCANNER.start();
            root.addAppender(SCANNER);
        }
    }

    /** The leaks seen since the last call, each described without its value. */
    public static List<String> takeLeaks() {
        synchronized (SCANNER.leaks) {
            List<String> taken = new ArrayList<>(SCANNER.leaks);
            SCANNER.leaks.clear();
            return taken;
        }
    }

    /** Scans the text of each event: message, arguments as formatted, exception messages, MDC values. */
    static final class ScanningAppender extends AppenderBase<ILoggingEvent> {

        private final List<String> leaks = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            }
            event.getMDCPropertyMap().values().forEach(v -> text.append('\n').append(v));
            PersonalDataOfFixtures.Found found = PersonalDataOfFixtures.get().find(text);
            if (found != null) {
                synchronized (leaks) {
                    leaks.add(event.getLevel() + " " + event.getLoggerName() + " [" + event.getThreadName() + "]: "
                            + found.kind() + " " + found.masked() + " in \"" + shorten(event.getMessage()) + "\"");
                }
            }
        }

        private static String shorten(String pattern) {
            String text = String.valueOf(pattern);
            return text.length() > 120 ? text.substring(0, 120) + "..." : text;
        }
    }
}
