package fr.spie.hub.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database down when the hub starts must not keep the hub down once it is back: rather than failing the start
 * (Flyway's default), the hub starts with health DOWN, says so in one clear log line, and migrates the schema as soon
 * as the database answers, without a restart. With the database up, migration runs at start as usual and its errors
 * still stop the start: a broken migration is a bug, not an outage.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseMigrations implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMigrations.class);
    private static final long RETRY_SECONDS = 2;

    private volatile boolean migrated;
    private volatile ScheduledExecutorService retries;

    @Bean
    FlywayMigrationStrategy migrateOrWaitForTheDatabase() {
        return this::migrateOrDefer;
    }

    void migrateOrDefer(Flyway flyway) {
        String unreachable = unreachable(flyway);
        if (unreachable == null) {
            flyway.migrate();
            migrated = true;
            return;
        }
        log.error("DATABASE UNREACHABLE AT START ({}): the hub runs with health DOWN and migrates the schema as soon "
                + "as the database answers (checked every {} s)", unreachable, RETRY_SECONDS);
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "database-migrations");
            thread.setDaemon(true);
            return thread;
        });
        retries.scheduleWithFixedDelay(() -> retry(flyway), RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private void retry(Flyway flyway) {
        if (unreachable(flyway) != null) {
            return;
        }
        try {
            flyway.migrate();
            migrated = true;
            log.info("Database reachable again: schema migrated, health UP");
            retries.shutdown();
        } catch (RuntimeException e) {
            log.error("Database reachable but its migration failed ({}): retrying", e.getClass().getSimpleName());
        }
    }

    /** Null when a connection opens; else a reason that names no URL, user or password. */
    private static String unreachable(Flyway flyway) {
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            return connection.isValid(2) ? null : "connection not valid";
        } catch (SQLException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName();
        }
    }

    @Override
    public Health health() {
        return migrated ? Health.up().build()
                : Health.down().withDetail("reason", "database unreachable at start: schema migration pending").build();
    }
}
