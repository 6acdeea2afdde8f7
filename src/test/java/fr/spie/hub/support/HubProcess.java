package fr.spie.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged hub ({@code target/spie-hub.jar}) started as a separate operating-system process, as an operator runs
 * it, so that a test can {@code kill -9} it and start it again on the same data folder.
 */
public final class HubProcess implements AutoCloseable {

    /**
     * How long a hub process may take to start: 1 to 2 minutes on a loaded 2-core machine, and more than 3 when four
     * builds run beside it (188 s measured in CI at load 30), which is not what the tests using it check.
     */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private final Path data;
    private final Path log;
    private final int httpPort;
    private final int brokerPort;
    private final Map<String, String> environment;
    private Process process;

    public HubProcess(Path data, int httpPort, int brokerPort, Map<String, String> environment) {
        this.data = data;
        this.log = data.resolve("hub.log");
        this.httpPort = httpPort;
        this.brokerPort = brokerPort;
        this.environment = environment;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("spie.hub.jar", "target/spie-hub.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn verify (the jar is packaged before the ITs)");
        }
        return jar;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the hub; its output is appended to {@code <data>/hub.log}. */
    public HubProcess start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dspie.batch.inbox-poll-millis=200", "-jar", jar().toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SPIE_HUB_DATA", data.toAbsolutePath().toString());
        builder.environment().put("SERVER_PORT", Integer.toString(httpPort));
        builder.environment().put("SPIE_HUB_BROKER_PORT", Integer.toString(brokerPort));
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** Waits for {@code /actuator/health} to answer UP. */
    public void awaitUp(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The hub exited with " + process.exitValue() + ": see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The hub did not come up within " + timeout + ": see " + log);
    }

    /** {@code GET /actuator/health}: its status code and body, or null while the hub does not listen yet. */
    public HttpResponse<String> health() throws InterruptedException {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no flush, no chance to commit anything. */
    public void kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed");
        }
        process.waitFor();
    }

    public Path log() {
        return log;
    }

    public int httpPort() {
        return httpPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
