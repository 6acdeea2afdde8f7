package fr.spie.hub.consent;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The Mission Locale's webhooks, its remote system in tests: a real HTTPS server on a loopback port (its certificate in
 * the hub's truststore, see support/PartnerCertificates) taking diagnostics
 * ({@code /spie/diagnostics}) and consent changes ({@code /spie/consentements}). It may answer 503 to the first
 * diagnostic call of each exchange, and run something (a consent withdrawal) before answering it: the hub is then
 * still waiting for the answer, so the change is surely made before the retry.
 */
final class MissionLocaleWebhook implements AutoCloseable {

    static final String DIAGNOSTICS = "/spie/diagnostics";
    static final String CONSENTS = "/spie/consentements";

    /** One POST as the Mission Locale received it. */
    record Call(String path, String exchangeId, String body, int answered) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile int failFirst;
    private volatile Consumer<String> whileFailing = exchangeId -> { };

    MissionLocaleWebhook(int port, SSLContext tls) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
        for (String path : List.of(DIAGNOSTICS, CONSENTS)) {
            server.createContext(path, exchange -> {
                String exchangeId = String.valueOf(exchange.getRequestHeaders().getFirst("spie-exchange-id"));
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                int status = 200;
                if (path.equals(DIAGNOSTICS)
                        && attempts.computeIfAbsent(exchangeId, k -> new AtomicInteger()).incrementAndGet() <= failFirst) {
                    status = 503;
                    whileFailing.accept(exchangeId);
                }
                calls.add(new Call(path, exchangeId, body, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
        }
        // The Mission Locale's orientation webhook takes what other tests left queued for it: answered at once, so
        // that such a backlog drains instead of holding up its dispatch queue with retries of 404s.
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The first {@code failures} diagnostic calls of each exchange answer 503, after running {@code meanwhile}. */
    void failFirst(int failures, Consumer<String> meanwhile) {
        this.whileFailing = meanwhile;
        this.failFirst = failures;
    }

    List<Call> diagnosticsOf(String exchangeId) {
        return calls.stream().filter(c -> c.path().equals(DIAGNOSTICS) && c.exchangeId().equals(exchangeId)).toList();
    }

    List<Call> consentChanges() {
        return calls.stream().filter(c -> c.path().equals(CONSENTS)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
