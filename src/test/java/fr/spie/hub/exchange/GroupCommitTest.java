package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Messages sent alone at the same moment are committed together (GroupCommit): every one is still answered only once
 * committed and journaled, and one message sent several times at once inside such groups is accepted exactly once, the
 * others answered as duplicates of it, without failing the messages it was grouped with.
 */
class GroupCommitTest extends HubIntegrationTest {

    /**
     * A sanction decision: its recipients are a file drop and a queue. Not an orientation decision: its copies to the
     * Mission Locale's webhook (404 in the shared test hub) would hold that partner's dispatch queue up for a minute,
     * and other tests wait on that queue.
     */
    private static final Path SANCTION = Path.of(
            "mappings/departement/sanction/examples/reduction-montant-nir-15.input.json");

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void concurrentSendersAreAllCommittedAndASameMessageAtOnceOnlyOnce() throws Exception {
        String repeatedId = "SAN-" + UUID.randomUUID();
        List<byte[]> distinct = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            distinct.add(SpecimenCopies.json(SANCTION));
        }
        byte[] repeated = SpecimenCopies.json(SANCTION);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(40);
        List<CompletableFuture<HttpResponse<String>>> distinctAnswers = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> repeatedAnswers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean same = i % 4 == 1;
            byte[] body = same ? repeated : distinct.get(distinctAnswers.size());
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/v1/exchanges/departement/sanction"))
                            .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                    if (same) {
                        request.header("X-Message-Id", repeatedId);
                    }
                    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, senders);
            (same ? repeatedAnswers : distinctAnswers).add(answer);
        }
        start.countDown();
        senders.shutdown();

        Set<String> accepted = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : distinctAnswers) {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String exchangeId = json.readTree(response.body()).path("exchangeId").asText();
            accepted.add(exchangeId);
            // answered after its commit: the acceptance is in the journal already
            assertThat(journal.journeyOf(exchangeId)).extracting(AuditEvent::step).contains(AuditEvent.Step.ACCEPTED);
        }
        assertThat(accepted).hasSize(30);

        List<Integer> statuses = new ArrayList<>();
        Set<String> repeatedIds = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : repeatedAnswers) {
            HttpResponse<String> response = answer.join();
            statuses.add(response.statusCode());
            JsonNode body = json.readTree(response.body());
            repeatedIds.add(body.path("exchangeId").asText());
        }
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(9);
        assertThat(repeatedIds).hasSize(1);
        assertThat(journal.journeyOf(repeatedIds.iterator().next())).extracting(AuditEvent::step)
                .filteredOn(s -> s == AuditEvent.Step.ACCEPTED).hasSize(1);
    }
}
