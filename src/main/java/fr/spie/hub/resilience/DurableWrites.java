package fr.spie.hub.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes the database's committed rows survive a {@code kill -9} before the broker commit that relies on them.
 *
 * <p>Embedded H2 writes a commit to its file up to half a second later (its {@code WRITE_DELAY}). A hub killed in that
 * half second lost the intake keys of a chunk the broker had already committed, and the chunk came again under new
 * ids after the restart (CrashRecoveryIT: 2,200 households delivered for 2,000), and lost the audit rows of
 * deliveries already made. Writing every commit at once ({@code WRITE_DELAY=0}) fixed it but made H2 write a new
 * file chunk per commit: about 150 KB of file per household and commits six times slower. So the hub asks H2 to write
 * what is committed ({@code CHECKPOINT}) once per broker transaction, just before it: once per 200 records of a flux,
 * once per delivery batch. PostgreSQL's commits are durable when they return (synchronous_commit): nothing to do.
 */
@Component
public class DurableWrites {

    private final DataSource dataSource;
    private final boolean writesLater;

    /** @param url the database's JDBC URL: H2 (file or server) writes late, the others do not */
    public DurableWrites(DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
        this.dataSource = dataSource;
        this.writesLater = url.startsWith("jdbc:h2:");
    }

    /** Returns once every row committed so far is in the database's file. */
    public void beforeBrokerCommit() {
        if (!writesLater) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("The database could not write its committed rows to its file", e);
        }
    }
}
