package dev.rung.bench;

import static dev.rung.bench.BenchProcesses.HTTP;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many slow calls at once ({@code ./mvnw -Pbench verify}): the simulator answers in about two
 * seconds, and {@code bench.inFlight} requests (default 5,000) go to Rung at the same moment, with
 * Rung's limit of tasks in flight raised to match. Prints errors, how long the burst took, Rung's
 * largest heap and live platform threads while it was in flight, its live heap a few seconds into
 * the burst with the connections and requests it held then, and the rows stored.
 */
@Tag("benchmark")
class InFlightBenchmarkTest {

    static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 5_000);
    static final int WARMUP_WAVES = Integer.getInteger("bench.warmupWaves", 8);

    /** When the live heap is measured: by then Rung has accepted the burst's connections. */
    static final double LIVE_AFTER_SECONDS =
            Double.parseDouble(System.getProperty("bench.liveAfterSeconds", "5"));

    @Test
    void fiveThousandSlowTasksInFlight() throws Exception {
        try (EmbeddedPostgres postgres = BenchProcesses.durablePostgres();
                // latency-scale 4: gpt-5.4-nano answers a lead in about two seconds.
                BenchProcesses processes =
                        new BenchProcesses(
                                postgres.getJdbcUrl("postgres", "postgres"),
                                4,
                                "--rung.intake.max-in-flight=" + IN_FLIGHT,
                                // The burst arrives at once: what it costs in memory is measured,
                                // not how the adaptive limit would shed part of it.
                                "--rung.intake.adaptive-limit.enabled=false",
                                "--resilience4j.bulkhead.configs.default.max-concurrent-calls="
                                        + (IN_FLIGHT + 100))) {
            SameCall lead = new SameCall();
            warmUp(processes, lead);
            BenchProcesses.LiveHeap idle = processes.rungLiveHeap();
            AtomicLong errors = new AtomicLong();
            RungPeaks peaks = new RungPeaks();
            long started = System.nanoTime();
            Future<BenchProcesses.LiveHeap> liveHeap;
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> watcher = executor.submit(() -> peaks.watch(processes, 250));
                // A class histogram by jcmd, not a metrics scrape, which would queue behind the
                // burst's connections.
                liveHeap =
                        executor.submit(
                                () -> {
                                    Thread.sleep((long) (LIVE_AFTER_SECONDS * 1000));
                                    return processes.rungLiveHeap();
                                });
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    int n = i;
                    calls.add(executor.submit(() -> send(processes, lead, n, errors)));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
                watcher.cancel(true);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "%n%,d tasks sent at once with ~2 s model latency: all done in %.1f s, %d"
                            + " errors; Rung's heap in use at most %.0f MB (limit 512 MB), live"
                            + " platform threads at most %d%n",
                    IN_FLIGHT, seconds, errors.get(), peaks.heapMb(), peaks.threads());
            BenchProcesses.LiveHeap busy = liveHeap.get();
            long handled = busy.virtualThreads() - idle.virtualThreads();
            // Open connections include the client's idle keep-alive ones: the heap is divided by
            // requests being handled.
            System.out.printf(
                    "Live heap after a full collection: %.0f MB idle; %.0f MB %.0f s into the"
                            + " burst, with %,d connections open and %,d requests being handled: at"
                            + " most %.1f KB a request being handled%n",
                    idle.mb(),
                    busy.mb(),
                    LIVE_AFTER_SECONDS,
                    busy.connections(),
                    handled,
                    (busy.mb() - idle.mb()) * 1024 / Math.max(1, handled));
            countRows(postgres);
        }
    }

    /**
     * Waves of a thousand tasks at once first, so that the burst meets compiled code (a cold JVM
     * spends most of a burst compiling) and warm pools.
     */
    private static void warmUp(BenchProcesses processes, SameCall lead) throws Exception {
        for (int wave = 0; wave < WARMUP_WAVES; wave++) {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 1000; i++) {
                    int n = wave * 1000 + i;
                    executor.submit(() -> send(processes, lead, -1 - n, new AtomicLong()));
                }
            }
        }
    }

    private static Void send(BenchProcesses processes, SameCall lead, int n, AtomicLong errors) {
        try {
            var response =
                    HTTP.send(
                            lead.throughRung(processes.rungPort, 5000, n),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        return null;
    }

    private static void countRows(EmbeddedPostgres postgres) throws Exception {
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                ResultSet rows =
                        db.createStatement()
                                .executeQuery(
                                        "select (select count(*) from task where status ="
                                            + " 'succeeded' and subject_id not like 'b-5000--%'),"
                                            + " (select count(*) from attempt a join task t on t.id"
                                            + " = a.task_id where t.subject_id not like"
                                            + " 'b-5000--%')")) {
            rows.next();
            System.out.printf(
                    "Rows of the burst: %d succeeded tasks, %d attempts%n",
                    rows.getLong(1), rows.getLong(2));
        }
    }
}
