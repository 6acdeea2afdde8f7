package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a broker commit relies on survives a {@code kill -9}: a process commits rows to an H2 file, asks for durable
 * writes, and halts at once (no shutdown hook, as a kill -9); the rows are there when the file is opened again.
 * Without the CHECKPOINT, H2 writes them up to half a second later and they are lost (CrashRecoveryIT found it).
 */
class DurableWritesTest {

    private static final int ROWS = 100;

    @Test
    void rowsCommittedBeforeTheBrokerCommitSurviveAProcessHaltedAtOnce(@TempDir Path folder) throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("db") + ";MODE=PostgreSQL";
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HaltedWriter.class.getName(), url)
                .redirectErrorStream(true).start();
        String output = new String(writer.getInputStream().readAllBytes());
        assertThat(writer.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(writer.exitValue()).as(output).isEqualTo(9);

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM kept")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(ROWS);
        }
    }

    @Test
    void aDatabaseWhoseCommitsAreDurableIsNotAskedAnything() {
        // No data source at all: PostgreSQL's commits are durable when they return, nothing is sent to it.
        assertThatCode(() -> new DurableWrites(null, "jdbc:postgresql://127.0.0.1/spie").beforeBrokerCommit())
                .doesNotThrowAnyException();
    }

    /** The process that commits, makes durable, and dies without closing anything. */
    public static final class HaltedWriter {
        public static void main(String[] args) throws Exception {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(args[0]);
            dataSource.setUser("sa");
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
                for (int i = 0; i < ROWS; i++) {
                    statement.execute("INSERT INTO kept VALUES (" + i + ")");
                }
                new DurableWrites(dataSource, args[0]).beforeBrokerCommit();
                Runtime.getRuntime().halt(9);
            }
        }
    }
}
