package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database is down when the hub starts (an H2 TCP server not yet started): the hub starts anyway, answers health
 * DOWN and says so in one clear log line; once the server is started, health turns UP and a message is accepted,
 * without restarting the hub.
 */
class DatabaseDownAtStartIT {

    @TempDir
    Path data;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theHubStartsDownWithoutItsDatabaseAndRecoversWhenItComesBack() throws Exception {
        int dbPort = HubProcess.freePort();
        String url = "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/spie-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        Path dbDir = Files.createDirectories(data.resolve("h2"));
        Server server = null;
        try (HubProcess hub = new HubProcess(data, HubProcess.freePort(), HubProcess.freePort(),
                Map.of("SPRING_DATASOURCE_URL", url)).start()) {
            HttpResponse<String> health = awaitHealth(hub, HubProcess.START_TIMEOUT);
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode down = json.readTree(health.body());
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
            assertThat(down.path("components").path("databaseMigrations").path("status").asText()).isEqualTo("DOWN");
            assertThat(Files.readString(hub.log())).contains("DATABASE UNREACHABLE AT START");

            server = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-baseDir", dbDir.toString(),
                    "-ifNotExists").start();
            long deadline = System.currentTimeMillis() + 60_000;
            while ((health = hub.health()).statusCode() != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(hub.isAlive()).isTrue();
            assertThat(Files.readString(hub.log())).contains("Database reachable again: schema migrated, health UP");

            byte[] orientation = Files.readAllBytes(Path.of(
                    "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json"));
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + hub.httpPort() + "/api/v1/exchanges/departement/orientation"))
                    .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(orientation)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static HttpResponse<String> awaitHealth(HubProcess hub, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(hub.isAlive()).as("the hub must not exit when its database is down").isTrue();
            HttpResponse<String> health = hub.health();
            if (health != null) {
                return health;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The hub never answered on /actuator/health: see " + hub.log());
    }
}
