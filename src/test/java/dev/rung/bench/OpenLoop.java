package dev.rung.bench;

import static dev.rung.bench.BenchProcesses.HTTP;
import static dev.rung.bench.BenchProcesses.cpuSeconds;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An open-loop load, as wrk2 sends it: requests start on a fixed schedule, whatever the answers,
 * and latency counts from the scheduled start, so a slow answer cannot hide the requests queued
 * behind it (coordinated omission). A run alternates slices of {@code bench.slice} seconds: direct
 * calls to the simulator, then the same calls through Rung, each at the full rate, so both paths
 * see the same machine and drift alike.
 */
final class OpenLoop {

    static final int SLICE_SECONDS = Integer.getInteger("bench.slice", 2);

    private final BenchProcesses processes;
    private final SameCall calls;

    OpenLoop(BenchProcesses processes) throws Exception {
        this.processes = processes;
        this.calls = new SameCall();
    }

    /**
     * Latencies, errors (counted by answer: an HTTP status, or the exception when there was none)
     * and the CPU each process used while the run lasted. {@code rungAnswered}: requests Rung
     * answered with a stored task (2xx, and 429 for one out of capacity or budget).
     */
    record Result(
            Histogram direct,
            Histogram viaRung,
            Map<String, Long> directErrorKinds,
            Map<String, Long> rungErrorKinds,
            long rungAnswered,
            double directSeconds,
            double rungSeconds,
            double seconds,
            double rungCpu,
            double simulatorCpu,
            double generatorCpu,
            double machineBusy,
            double rungHeapMaxMb) {

        long directErrors() {
            return directErrorKinds.values().stream().mapToLong(Long::longValue).sum();
        }

        long errors() {
            return rungErrorKinds.values().stream().mapToLong(Long::longValue).sum();
        }

        double overheadMs(double percentile) {
            return ms(viaRung, percentile) - ms(direct, percentile);
        }

        void print(int rate) {
            line(rate, "direct", direct, directErrors(), directSeconds);
            line(rate, "rung", viaRung, errors(), rungSeconds);
            if (directErrors() + errors() > 0) {
                System.out.printf(
                        "        errors by answer: direct %s, Rung %s%n",
                        directErrorKinds, rungErrorKinds);
            }
            System.out.printf(
                    "%-7d %-8s %8.2f %8.2f %8.2f %8.2f%n",
                    rate,
                    "overhead",
                    overheadMs(50),
                    overheadMs(90),
                    overheadMs(99),
                    overheadMs(99.9));
            long tasks = Math.max(1, viaRung.getTotalCount());
            long simulatorCalls = Math.max(1, direct.getTotalCount() + viaRung.getTotalCount());
            System.out.printf(
                    "        CPU: Rung %.2f cores in its slices (%.2f ms a task), simulator %.2f ms"
                        + " a call, load generator %.2f cores, whole machine %.0f%% busy; Rung's"
                        + " heap at most %.0f MB%n",
                    rungCpu / rungSeconds,
                    1000 * rungCpu / tasks,
                    1000 * simulatorCpu / simulatorCalls,
                    generatorCpu / seconds,
                    100 * machineBusy,
                    rungHeapMaxMb);
        }

        /** {@code done/s}: answers a second while the path's slices lasted. */
        private void line(int rate, String path, Histogram h, long errorCount, double pathSeconds) {
            System.out.printf(
                    "%-7d %-8s %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f %7d%n",
                    rate,
                    path,
                    ms(h, 50),
                    ms(h, 90),
                    ms(h, 99),
                    ms(h, 99.9),
                    h.getMaxValue() / 1000.0,
                    h.getTotalCount() / pathSeconds,
                    errorCount);
        }

        private static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** {@code rate} requests a second for {@code seconds}, alternating direct and Rung slices. */
    Result run(int rate, int seconds, boolean watchHeap) throws Exception {
        Histogram direct = new ConcurrentHistogram(3);
        Histogram viaRung = new ConcurrentHistogram(3);
        Map<String, LongAdder> directErrorKinds = new ConcurrentHashMap<>();
        Map<String, LongAdder> rungErrorKinds = new ConcurrentHashMap<>();
        AtomicLong rungAnswered = new AtomicLong();
        RungPeaks peaks = new RungPeaks();
        double rungCpu = cpuSeconds(processes.rung.toHandle());
        double simulatorCpu = cpuSeconds(processes.simulator.toHandle());
        double generatorCpu = cpuSeconds(ProcessHandle.current());
        MachineCpu machine = MachineCpu.now();
        long started = System.nanoTime();
        long total = (long) rate * seconds;
        long perSlice = (long) rate * SLICE_SECONDS;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var heapWatch = watchHeap ? executor.submit(() -> peaks.watch(processes, 2_000)) : null;
            for (long i = 0; i < total; i++) {
                long scheduled = started + i * 1_000_000_000L / rate;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long n = i;
                boolean throughRung = (i / perSlice) % 2 == 1;
                executor.submit(
                        () ->
                                throughRung
                                        ? call(
                                                calls.throughRung(processes.rungPort, rate, n),
                                                scheduled,
                                                viaRung,
                                                rungErrorKinds,
                                                rungAnswered)
                                        : call(
                                                calls.direct(processes.simulatorPort, rate, n),
                                                scheduled,
                                                direct,
                                                directErrorKinds,
                                                null));
            }
            if (heapWatch != null) {
                heapWatch.cancel(true);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long rungSent =
                total / (2 * perSlice) * perSlice + Math.max(0, total % (2 * perSlice) - perSlice);
        return new Result(
                direct,
                viaRung,
                counts(directErrorKinds),
                counts(rungErrorKinds),
                rungAnswered.get(),
                (double) (total - rungSent) / rate,
                (double) rungSent / rate,
                elapsed,
                cpuSeconds(processes.rung.toHandle()) - rungCpu,
                cpuSeconds(processes.simulator.toHandle()) - simulatorCpu,
                cpuSeconds(ProcessHandle.current()) - generatorCpu,
                machine.busySince(),
                peaks.heapMb());
    }

    private static Map<String, Long> counts(Map<String, LongAdder> kinds) {
        Map<String, Long> counts = new TreeMap<>();
        kinds.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    /**
     * Records the latency of a 2xx answer, counts any other as an error (by status, or by the
     * exception's type when there was no answer), and counts the answers with a task in {@code
     * stored}.
     */
    private static Void call(
            HttpRequest request,
            long scheduledNanos,
            Histogram histogram,
            Map<String, LongAdder> errorKinds,
            AtomicLong stored) {
        try {
            HttpResponse<Void> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            if (stored != null
                    && (response.statusCode() / 100 == 2 || response.statusCode() == 429)) {
                stored.incrementAndGet();
            }
            if (response.statusCode() / 100 != 2) {
                errorKinds
                        .computeIfAbsent(
                                String.valueOf(response.statusCode()), kind -> new LongAdder())
                        .increment();
            } else {
                histogram.recordValue((System.nanoTime() - scheduledNanos) / 1_000);
            }
        } catch (Exception e) {
            errorKinds
                    .computeIfAbsent(e.getClass().getSimpleName(), kind -> new LongAdder())
                    .increment();
        }
        return null;
    }
}
