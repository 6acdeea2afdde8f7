package fr.spie.hub.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST load: C connections each posting single Département orientation decisions as fast as the hub answers. A 202
 * comes only once the message is validated, translated, audited and stored durably on the broker, so throughput and
 * latency include that commit. Every message is distinct (its decision id), so none is taken for a duplicate.
 */
final class RestLoad {

    /** Connections warm up (JIT, pools) before the clock starts. */
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final String EXAMPLE = "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json";
    private static final String EXAMPLE_ID = "ORI-2024-000101";

    record Result(long accepted, long failed, double seconds, double p50Millis, double p99Millis, double maxMillis) {
        double throughput() {
            return accepted / seconds;
        }
    }

    private RestLoad() {
    }

    static Result run(int port, int connections, int seconds, PrintStream out) throws Exception {
        String template = Files.readString(Path.of(EXAMPLE));
        if (!template.contains(EXAMPLE_ID)) {
            throw new IllegalStateException(EXAMPLE + " no longer holds decision id " + EXAMPLE_ID);
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/exchanges/departement/orientation");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(10)).build();
        out.printf(Locale.ROOT, "REST load: %d connections, %d s (after %d s of warm-up) ...%n", connections,
                seconds, WARM_UP_NANOS / 1_000_000_000L);
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP_NANOS;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                for (long i = 0; ; i++) {
                    long sent = System.nanoTime();
                    if (sent >= measureTo) {
                        break;
                    }
                    String body = template.replace(EXAMPLE_ID, String.format(Locale.ROOT, "ORI-BENCH-%x-%d-%d",
                            start, connection, i));
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    }
                    long done = System.nanoTime();
                    if (sent < measureFrom) {
                        continue;
                    }
                    if (status != 202) {
                        failed.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = done - sent;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            all.add(worker.get());
        }
        // The last answers may come a little after the window: the window is the time measured.
        double measured = (Math.max(System.nanoTime(), measureTo) - measureFrom) / 1e9;
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (latencies.length == 0) {
            return new Result(0, failed.get(), measured, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Result(latencies.length, failed.get(), measured, percentile(latencies, 0.50),
                percentile(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
