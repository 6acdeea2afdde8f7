package fr.spie.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.cli.CommandLine;
import fr.spie.hub.mapping.MappingExamples;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/add-a-partner.md is followed to the letter on a copy of the repository without Cap emploi: the files it shows
 * are written, the mapping examples run, a hub started on the copy takes a Cap emploi message and the Département
 * reads it on its queue. The tutorial's files must also be exactly the repository's, so that neither drifts.
 */
class AddPartnerTutorialTest {

    private static final Path TUTORIAL = Path.of("docs/add-a-partner.md");
    /** "File `path`:" then a fenced block: the way the tutorial shows a file to write. */
    private static final Pattern FILE = Pattern.compile("File `([^`]+)`:\\n\\n```[a-z]*\\n(.*?)\\n```\\n",
            Pattern.DOTALL);
    private static final List<String> PARTNER_FILES = List.of("config/partners/cap-emploi.yaml", "schemas/cap-emploi",
            "mappings/cap-emploi");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files the tutorial tells to write, path → content, in the tutorial's order. */
    private static Map<String, String> filesOfTheTutorial() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = FILE.matcher(Files.readString(TUTORIAL));
        while (m.find()) {
            files.put(m.group(1), m.group(2) + "\n");
        }
        return files;
    }

    private static List<Path> partnerFilesOf(Path home) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String root : PARTNER_FILES) {
            Path start = home.resolve(root);
            if (Files.exists(start)) {
                try (Stream<Path> walk = Files.walk(start)) {
                    walk.filter(Files::isRegularFile).forEach(p -> found.add(home.relativize(p)));
                }
            }
        }
        return found;
    }

    @Test
    void theTutorialShowsExactlyTheRepositorysCapEmploiFiles() throws IOException {
        Map<String, String> shown = filesOfTheTutorial();
        List<String> inRepository = partnerFilesOf(Path.of("")).stream().map(Path::toString).sorted().toList();
        assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(inRepository);
        for (var file : shown.entrySet()) {
            assertThat(file.getValue()).as(file.getKey())
                    .isEqualTo(Files.readString(Path.of(file.getKey())).stripTrailing() + "\n");
        }
    }

    @Test
    void noJavaLineNamesCapEmploi() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            assertThat(sources.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.readString(p).toLowerCase().matches("(?s).*cap.?emploi.*");
                } catch (IOException e) {
                    return true;
                }
            }).toList()).isEmpty();
        }
    }

    @Test
    void followingTheTutorialOnACopyWithoutCapEmploiGetsItsMessageToTheDepartement(@TempDir Path copy)
            throws Exception {
        for (String folder : List.of("config", "schemas", "mappings", "routes")) {
            copyTree(Path.of(folder), copy.resolve(folder));
        }
        for (Path file : partnerFilesOf(copy)) {
            Files.delete(copy.resolve(file));
        }
        assertThat(partnerFilesOf(copy)).as("the copy starts without Cap emploi").isEmpty();

        // Steps 2 to 5: write each file as the tutorial shows it.
        Map<String, String> files = filesOfTheTutorial();
        assertThat(files).isNotEmpty();
        for (var file : files.entrySet()) {
            Path target = copy.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }

        // Step 7: `mapping test mappings/cap-emploi` passes every example of the new mapping.
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"mapping", "test", copy.resolve("mappings/cap-emploi").toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(printed, true,
                        StandardCharsets.UTF_8));
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report).isZero();
        assertThat(report).contains("2 passed, 0 failed");
        // and nothing else of the copy broke: every mapping of every partner still has passing examples
        MappingExamples examples = MappingExamples.of(copy, new EveritSchemas());
        assertThat(examples.mappingsWithoutExamples()).isEmpty();
        assertThat(examples.runAll()).allSatisfy(r -> assertThat(r.passed()).as(r::report).isTrue());

        // Then a hub on the copy takes a Cap emploi message and the Département reads it on its queue.
        int http = freePort();
        int broker = freePort();
        Process hub = startHub(copy, http, broker);
        try {
            awaitUp(hub, http, copy.resolve("hub.log"));
            String message = files.get("mappings/cap-emploi/suivi/examples/accompagnement-recherche-emploi.input.json");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + http + "/api/v1/exchanges/cap-emploi/suivi"))
                    .header("X-API-Key", "demo-cap-emploi").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(message)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String exchangeId = JSON.readTree(response.body()).path("exchangeId").asText();

            try (PartnerClient departement = PartnerClient.demo(broker, "departement")) {
                List<Message> received = departement.receive("spie.outbound.departement", List.of(exchangeId), 60_000);
                assertThat(received).hasSize(1);
                assertThat(received.get(0).getStringProperty("spie-message-type")).isEqualTo("etape-parcours");
                JsonNode step = JSON.readTree(((TextMessage) received.get(0)).getText());
                assertThat(step.path("source").asText()).isEqualTo("cap-emploi");
                assertThat(step.at("/etape/code").asText()).isEqualTo("RECHERCHE_EMPLOI");
                assertThat(step.at("/etape/statut").asText()).isEqualTo("in_progress");
                assertThat(step.at("/beneficiaire/pseudonyme").asText()).isNotBlank();
            }
        } finally {
            hub.destroy();
            if (!hub.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                hub.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The hub as a process of its own, on the copy (SPIE_HUB_HOME) and its own data, from the classes this test runs
     * with: the jar is packaged after the unit tests.
     */
    private static Process startHub(Path home, int http, int broker) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), SpieHubApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("hub.log").toFile());
        builder.environment().put("SPIE_HUB_HOME", home.toAbsolutePath().toString());
        builder.environment().put("SPIE_HUB_DATA", home.resolve("data").toAbsolutePath().toString());
        builder.environment().put("SERVER_PORT", Integer.toString(http));
        builder.environment().put("SPIE_HUB_BROKER_PORT", Integer.toString(broker));
        return builder.start();
    }

    private static void awaitUp(Process hub, int http, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("The hub exited: " + tail(log));
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                        + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The hub did not come up: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
