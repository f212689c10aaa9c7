package dev.rung.bench;

import static dev.rung.bench.BenchProcesses.HTTP;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many slow calls at once ({@code ./mvnw -Pbench verify}): the simulator answers in about two seconds, and
 * {@code bench.inFlight} requests (default 5,000) go to Rung at the same moment. Prints errors, how long the
 * burst took, Rung's largest heap and live threads while it was in flight, and the rows stored.
 */
@Tag("benchmark")
class InFlightBenchmarkTest {

    static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 5_000);

    @Test
    void fiveThousandSlowTasksInFlight() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(0).start();
                // latency-scale 4: gpt-5.4-nano answers a lead in about two seconds.
                BenchProcesses processes = new BenchProcesses(postgres.getJdbcUrl("postgres", "postgres"), 4,
                        "--resilience4j.bulkhead.configs.default.max-concurrent-calls=" + (IN_FLIGHT + 100))) {
            SameCall lead = new SameCall();
            int rungPort = processes.rungPort;
            AtomicLong errors = new AtomicLong();
            AtomicLong heapMax = new AtomicLong();
            AtomicLong threadsMax = new AtomicLong();
            long started = System.nanoTime();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> watcher = executor.submit(() -> watch(rungPort, heapMax, threadsMax));
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    int n = i;
                    calls.add(executor.submit(() -> {
                        try {
                            var response = HTTP.send(lead.throughRung(rungPort, 5000, n),
                                    HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
                watcher.cancel(true);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            try (Connection db = postgres.getPostgresDatabase().getConnection();
                    ResultSet rows = db.createStatement().executeQuery(
                            "select (select count(*) from task where status = 'succeeded'), (select count(*) from attempt)")) {
                rows.next();
                System.out.printf("%n%,d tasks sent at once with ~2 s model latency: all done in %.1f s, %d errors; "
                                + "Rung's heap at most %.0f MB (limit 512 MB), live threads at most %d; "
                                + "rows: %d succeeded tasks, %d attempts%n", IN_FLIGHT, seconds, errors.get(),
                        heapMax.get() / 1e6, threadsMax.get(), rows.getLong(1), rows.getLong(2));
            }
        }
    }

    /** Polls Rung's heap in use and platform thread count (virtual threads are not threads of the OS). */
    private static Void watch(int port, AtomicLong heapMax, AtomicLong threadsMax) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                heapMax.accumulateAndGet(sum(metrics, "jvm_memory_used_bytes{area=\"heap\""), Math::max);
                threadsMax.accumulateAndGet(sum(metrics, "jvm_threads_live_threads"), Math::max);
            } catch (java.io.IOException e) {
                // the next poll will tell
            }
            Thread.sleep(250);
        }
        return null;
    }

    private static long sum(String metrics, String prefix) {
        return (long) metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
