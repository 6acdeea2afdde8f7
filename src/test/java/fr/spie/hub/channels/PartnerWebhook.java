package fr.spie.hub.channels;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
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
import javax.net.ssl.SSLContext;

/**
 * A partner's webhook, the partner's remote system in tests: a real HTTPS server (or plain HTTP) on a loopback port
 * that answers 503 to the first {@code failuresBeforeSuccess} calls of each exchange, then 200, and records every call.
 */
final class PartnerWebhook implements AutoCloseable {

    /** One POST as the partner received it. */
    record Call(String exchangeId, Map<String, String> headers, String body, int answered, String tlsProtocol) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile int failuresBeforeSuccess;

    /** @param tls the partner's certificate and key (HTTPS), or null for plain HTTP */
    PartnerWebhook(int port, String path, SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        server.createContext(path, exchange -> {
            String exchangeId = exchange.getRequestHeaders().getFirst("spie-exchange-id");
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int attempt = attempts.computeIfAbsent(String.valueOf(exchangeId), k -> new AtomicInteger()).incrementAndGet();
            int status = attempt <= failuresBeforeSuccess ? 503 : 200;
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String protocol = exchange instanceof HttpsExchange secure ? secure.getSSLSession().getProtocol() : null;
            calls.add(new Call(exchangeId, headers, body, status, protocol));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // The partner's other webhooks (diagnostics, consent changes...) take what other tests left queued for it:
        // answered at once, so that such a backlog drains instead of holding up the partner's dispatch queue with
        // retries of 404s while this test waits for its own message.
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    void failFirst(int failures) {
        this.failuresBeforeSuccess = failures;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> callsOf(String exchangeId) {
        return calls.stream().filter(c -> exchangeId.equals(c.exchangeId())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
