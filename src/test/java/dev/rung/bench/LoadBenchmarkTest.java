package dev.rung.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load benchmark, not a unit test: {@code ./mvnw -Pbench verify} ({@code -Dbench.seconds=60}
 * for the full length). The simulator (no artificial latency), Rung and the open-source Portkey
 * gateway (from npm, {@link PortkeyGateway}) run as separate processes; this JVM sends an open-loop
 * load ({@link OpenLoop}) at 200, 500, 1,000 and 2,000 requests/s, rotating slices of direct
 * simulator calls, the same calls through Portkey, and the same leads as tasks through Rung. It
 * prints percentiles of each, the overhead over direct, errors, the CPU per request of each process
 * and Rung's heap, judges the targets, and checks that every task and attempt reached PostgreSQL.
 */
@Tag("benchmark")
class LoadBenchmarkTest {

    static final int SECONDS = Integer.getInteger("bench.seconds", 20);

    /** At least this much unmeasured load first, and more until Rung's JIT compiler has settled. */
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 30);

    static final int WARMUP_MAX_SECONDS = Integer.getInteger("bench.warmupMax", 300);
    static final int[] RATES =
            Arrays.stream(System.getProperty("bench.rates", "200,500,1000,2000").split(","))
                    .mapToInt(rate -> Integer.parseInt(rate.strip()))
                    .toArray();

    /** {@code -Dbench.portkey=false} leaves the peer out (where Node and npm are not at hand). */
    static final boolean WITH_PORTKEY =
            Boolean.parseBoolean(System.getProperty("bench.portkey", "true"));

    @Test
    void overheadOfRungBesidePortkeyOverDirectCalls() throws Exception {
        try (EmbeddedPostgres postgres = BenchProcesses.durablePostgres();
                BenchProcesses processes =
                        new BenchProcesses(postgres.getJdbcUrl("postgres", "postgres"), 0);
                PortkeyGateway portkey = WITH_PORTKEY ? PortkeyGateway.start() : null) {
            Thread.sleep(5_000);
            System.out.printf(
                    "%nRung: from process start to healthy %.1f s (the simulator starting beside"
                            + " it); idle: heap in use %.0f MB, resident %.0f MB%s%n",
                    processes.startupSeconds,
                    processes.rungMetric("jvm_memory_used_bytes{area=\"heap\"") / 1e6,
                    processes.rungResidentMb(),
                    portkey == null
                            ? "; Portkey left out"
                            : "; Portkey " + PortkeyGateway.VERSION + " on port " + portkey.port);
            OpenLoop load = new OpenLoop(processes, portkey);
            long answered = warmUp(processes, load);
            System.out.printf(
                    "%n%-7s %-13s %8s %8s %8s %8s %8s %8s %7s%n",
                    "req/s",
                    "path",
                    "p50 ms",
                    "p90 ms",
                    "p99 ms",
                    "p99.9 ms",
                    "max ms",
                    "done/s",
                    "errors");
            Map<Integer, OpenLoop.Result> results = new TreeMap<>();
            for (int rate : RATES) {
                OpenLoop.Result result =
                        processes.profiled(
                                String.valueOf(rate), () -> load.run(rate, SECONDS, true));
                answered += result.rungAnswered();
                result.print(rate);
                results.put(rate, result);
            }
            Targets.judge(results, WITH_PORTKEY);
            countRows(postgres, answered);
        }
    }

    /**
     * Sends load at the first measured rate in 10-second rounds until at least {@code bench.warmup}
     * seconds have passed and Rung's JIT compiler used under 1% of a core in the last round, so
     * that the measured CPU is the router's and not the compiler's.
     */
    private static long warmUp(BenchProcesses processes, OpenLoop load) throws Exception {
        long answered = 0;
        int seconds = 0;
        double compiling;
        do {
            double compiledBefore = processes.rungMetric("jvm_compilation_time_ms_total");
            answered += load.run(RATES[0], 10, false).rungAnswered();
            seconds += 10;
            compiling =
                    (processes.rungMetric("jvm_compilation_time_ms_total") - compiledBefore)
                            / 10_000;
        } while (seconds < WARMUP_MAX_SECONDS && (seconds < WARMUP_SECONDS || compiling > 0.01));
        System.out.printf(
                "Warm-up: %d s at %d tasks/s; in its last 10 s Rung's JIT compiler used %.1f%% of a"
                        + " core%n",
                seconds, RATES[0], compiling * 100);
        return answered;
    }

    /**
     * Every request Rung answered with a task must be a stored task with its attempts: nothing lost
     * on the way.
     */
    private static void countRows(EmbeddedPostgres postgres, long answered) throws Exception {
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                ResultSet rows =
                        db.createStatement()
                                .executeQuery(
                                        """
                                        select (select count(*) from task),
                                               (select count(*) from attempt),
                                               (select count(*) from task t where t.attempt_count <> (select count(*) from attempt a
                                                                                                     where a.task_id = t.id)),
                                               (select count(*) from task where status = 'succeeded'),
                                               (select count(*) from attempt where outcome = 'pass'),
                                               (select coalesce(string_agg(outcome || ' ' || n, ', '), 'none') from (
                                                    select outcome, count(*) n from attempt where outcome <> 'pass' group by outcome) o),
                                               (select count(*) from attempt where outcome = 'timeout'),
                                               (select count(*) from attempt where outcome = 'circuit_open')\
                                        """)) {
            rows.next();
            long tasks = rows.getLong(1);
            System.out.printf(
                    "%nRows: %d tasks (%d succeeded), %d attempts (%d passed; others: %s); requests"
                            + " Rung answered with a task: %d -> %s%n",
                    tasks,
                    rows.getLong(4),
                    rows.getLong(2),
                    rows.getLong(5),
                    rows.getString(6),
                    answered,
                    tasks == answered && rows.getLong(3) == 0
                            ? "every answered request is a stored task with all its attempts"
                            : "MISMATCH: "
                                    + (answered - tasks)
                                    + " tasks missing, "
                                    + rows.getLong(3)
                                    + " tasks whose attempts are not all stored");
            System.out.printf(
                    "No model call timed out and no breaker opened: %s (timeouts %d, attempts"
                            + " turned away by an open breaker %d)%n",
                    rows.getLong(7) + rows.getLong(8) == 0 ? "met" : "missed",
                    rows.getLong(7),
                    rows.getLong(8));
        }
    }
}
