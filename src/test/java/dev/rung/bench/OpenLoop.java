package dev.rung.bench;

import static dev.rung.bench.BenchProcesses.HTTP;
import static dev.rung.bench.BenchProcesses.cpuSeconds;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
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
 * behind it (coordinated omission). A run rotates slices of {@code bench.slice} seconds over the
 * paths: direct calls to the simulator, the same calls through the Portkey gateway (when it runs),
 * and the same leads as tasks through Rung, each at the full rate, so every path sees the same
 * machine and drifts alike.
 */
final class OpenLoop {

    static final int SLICE_SECONDS = Integer.getInteger("bench.slice", 2);

    /** Where a request goes. */
    enum Route {
        DIRECT("direct"),
        PORTKEY("portkey"),
        RUNG("rung");

        final String label;

        Route(String label) {
            this.label = label;
        }
    }

    private final BenchProcesses processes;
    private final PortkeyGateway portkey;
    private final List<Route> routes;
    private final SameCall calls;

    /** {@code portkey} is null when the peer is left out ({@code -Dbench.portkey=false}). */
    OpenLoop(BenchProcesses processes, PortkeyGateway portkey) throws Exception {
        this.processes = processes;
        this.portkey = portkey;
        this.routes =
                portkey == null
                        ? List.of(Route.DIRECT, Route.RUNG)
                        : List.of(Route.DIRECT, Route.PORTKEY, Route.RUNG);
        this.calls = new SameCall();
    }

    /** One route's answers in a run: latencies of 2xx, errors by kind, and its share of time. */
    record RouteResult(
            Histogram latencies, Histogram answered, Map<String, Long> errorKinds, double seconds) {

        long errors() {
            return errorKinds.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Every route's answers, the CPU each process used while the run lasted, and {@code
     * rungAnswered}: requests Rung answered with a stored task (2xx, and 429 for one out of
     * capacity or budget).
     */
    record Result(
            Map<Route, RouteResult> routes,
            long rungAnswered,
            double seconds,
            double rungCpu,
            double portkeyCpu,
            double simulatorCpu,
            double generatorCpu,
            double machineBusy,
            double rungHeapMaxMb) {

        RouteResult of(Route route) {
            return routes.get(route);
        }

        long errors() {
            return of(Route.RUNG).errors();
        }

        /** A route's percentile less the direct one's, in milliseconds. */
        double overheadMs(Route route, double percentile) {
            return ms(of(route).latencies(), percentile)
                    - ms(of(Route.DIRECT).latencies(), percentile);
        }

        double overheadMs(double percentile) {
            return overheadMs(Route.RUNG, percentile);
        }

        /** CPU of a process per request it handled, in milliseconds. */
        double cpuMsPerRequest(Route route) {
            RouteResult result = of(route);
            long handled = Math.max(1, result.latencies().getTotalCount() + result.errors());
            double cpu = route == Route.RUNG ? rungCpu : portkeyCpu;
            return 1000 * cpu / handled;
        }

        void print(int rate) {
            routes.forEach((route, result) -> line(rate, route.label, result));
            routes.forEach(
                    (route, result) -> {
                        if (result.errors() > 0) {
                            System.out.printf(
                                    "        %s errors by answer: %s%n",
                                    route.label, result.errorKinds());
                        }
                    });
            for (Route route : routes.keySet()) {
                if (route != Route.DIRECT) {
                    System.out.printf(
                            "%-7d %-13s %8.2f %8.2f %8.2f %8.2f%n",
                            rate,
                            route.label + " overhead",
                            overheadMs(route, 50),
                            overheadMs(route, 90),
                            overheadMs(route, 99),
                            overheadMs(route, 99.9));
                }
            }
            long simulatorCalls =
                    routes.values().stream()
                            .mapToLong(r -> r.latencies().getTotalCount() + r.errors())
                            .sum();
            System.out.printf(
                    "        CPU per request: Rung %.2f ms a task%s, simulator %.2f ms a call;"
                            + " Rung %.2f cores in its slices, load generator %.2f cores, whole"
                            + " machine %.0f%% busy; Rung's heap at most %.0f MB%n",
                    cpuMsPerRequest(Route.RUNG),
                    routes.containsKey(Route.PORTKEY)
                            ? String.format(
                                    ", Portkey %.2f ms a request (Rung/Portkey %.2f)",
                                    cpuMsPerRequest(Route.PORTKEY),
                                    cpuMsPerRequest(Route.RUNG) / cpuMsPerRequest(Route.PORTKEY))
                            : "",
                    1000 * simulatorCpu / Math.max(1, simulatorCalls),
                    rungCpu / of(Route.RUNG).seconds(),
                    generatorCpu / seconds,
                    100 * machineBusy,
                    rungHeapMaxMb);
        }

        /** {@code done/s}: answers a second while the route's slices lasted. */
        private static void line(int rate, String route, RouteResult result) {
            Histogram h = result.latencies();
            System.out.printf(
                    "%-7d %-13s %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f %7d%n",
                    rate,
                    route,
                    ms(h, 50),
                    ms(h, 90),
                    ms(h, 99),
                    ms(h, 99.9),
                    h.getMaxValue() / 1000.0,
                    h.getTotalCount() / result.seconds(),
                    result.errors());
        }

        static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** {@code rate} requests a second for {@code seconds}, the routes taking turns by slice. */
    Result run(int rate, int seconds, boolean watchHeap) throws Exception {
        Map<Route, Histogram> latencies = new EnumMap<>(Route.class);
        Map<Route, Histogram> answered = new EnumMap<>(Route.class);
        Map<Route, Map<String, LongAdder>> errorKinds = new EnumMap<>(Route.class);
        Map<Route, LongAdder> sent = new EnumMap<>(Route.class);
        for (Route route : routes) {
            latencies.put(route, new ConcurrentHistogram(3));
            answered.put(route, new ConcurrentHistogram(3));
            errorKinds.put(route, new ConcurrentHashMap<>());
            sent.put(route, new LongAdder());
        }
        AtomicLong rungAnswered = new AtomicLong();
        RungPeaks peaks = new RungPeaks();
        double rungCpu = cpuSeconds(processes.rung.toHandle());
        double portkeyCpu = portkey == null ? 0 : cpuSeconds(portkey.process.toHandle());
        double simulatorCpu = cpuSeconds(processes.simulator.toHandle());
        double generatorCpu = cpuSeconds(ProcessHandle.current());
        MachineCpu machine = MachineCpu.now();
        long started = System.nanoTime();
        long total = (long) rate * seconds;
        long perSlice = (long) rate * SLICE_SECONDS;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var heapWatch =
                    watchHeap
                            ? executor.submit(
                                    () -> peaks.watch(processes, RungPeaks.SCRAPE_INTERVAL_MILLIS))
                            : null;
            for (long i = 0; i < total; i++) {
                long scheduled = started + i * 1_000_000_000L / rate;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Route route = routes.get((int) ((i / perSlice) % routes.size()));
                sent.get(route).increment();
                HttpRequest request = request(route, rate, i);
                executor.submit(
                        () ->
                                call(
                                        request,
                                        scheduled,
                                        latencies.get(route),
                                        answered.get(route),
                                        errorKinds.get(route),
                                        route == Route.RUNG ? rungAnswered : null));
            }
            if (heapWatch != null) {
                heapWatch.cancel(true);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<Route, RouteResult> results = new EnumMap<>(Route.class);
        for (Route route : routes) {
            results.put(
                    route,
                    new RouteResult(
                            latencies.get(route),
                            answered.get(route),
                            counts(errorKinds.get(route)),
                            (double) sent.get(route).sum() / rate));
        }
        return new Result(
                results,
                rungAnswered.get(),
                elapsed,
                cpuSeconds(processes.rung.toHandle()) - rungCpu,
                portkey == null ? 0 : cpuSeconds(portkey.process.toHandle()) - portkeyCpu,
                cpuSeconds(processes.simulator.toHandle()) - simulatorCpu,
                cpuSeconds(ProcessHandle.current()) - generatorCpu,
                machine.busySince(),
                peaks.heapMb());
    }

    private HttpRequest request(Route route, int rate, long n) {
        return switch (route) {
            case DIRECT -> calls.direct(processes.simulatorPort, rate, n);
            case PORTKEY -> calls.throughPortkey(portkey.port, processes.simulatorPort, rate, n);
            case RUNG -> calls.throughRung(processes.rungPort, rate, n);
        };
    }

    private static Map<String, Long> counts(Map<String, LongAdder> kinds) {
        Map<String, Long> counts = new TreeMap<>();
        kinds.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    /**
     * Records the latency of a 2xx answer, and of any answer in {@code answered}; counts any other
     * as an error (by status, or by the exception's type when there was no answer), and counts the
     * answers with a task in {@code stored}.
     */
    private static Void call(
            HttpRequest request,
            long scheduledNanos,
            Histogram histogram,
            Histogram answered,
            Map<String, LongAdder> errorKinds,
            AtomicLong stored) {
        try {
            HttpResponse<Void> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            answered.recordValue((System.nanoTime() - scheduledNanos) / 1_000);
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
