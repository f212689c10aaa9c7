package dev.rung.bench;

import dev.rung.support.SeparateJvm;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' processes: the simulator and Rung, each a JVM of its own started from this
 * build's class path, and what can be read of them from outside — health, CPU time, heap and
 * resident memory.
 */
final class BenchProcesses implements AutoCloseable {

    static final HttpClient HTTP = SeparateJvm.HTTP;

    /**
     * Extra JVM options for Rung's process, e.g. {@code
     * -Dbench.rungJvm=-XX:StartFlightRecording=filename=target/rung.jfr}.
     */
    static final String RUNG_JVM = System.getProperty("bench.rungJvm", "");

    final int simulatorPort;
    final int rungPort;
    final Process simulator;
    final Process rung;
    final double startupSeconds;

    /**
     * A fresh PostgreSQL that flushes each commit to disk, as a production server does: the
     * embedded server's own default is {@code synchronous_commit=off}, which would leave out the
     * wait that makes a stored task durable.
     */
    static EmbeddedPostgres durablePostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(0)
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    /**
     * Starts the simulator (at the given latency scale, 0 for none) and Rung pointed at it and at
     * the database, with rate limits and the response cache off, so that the router itself is
     * measured.
     */
    BenchProcesses(String jdbcUrl, double latencyScale, String... rungArguments) throws Exception {
        simulatorPort = SeparateJvm.freePort();
        rungPort = SeparateJvm.freePort();
        simulator =
                java(
                        "dev.rung.simulator.SimulatorServer",
                        List.of(
                                "--server.port=" + simulatorPort,
                                "--rung.simulator.latency-scale=" + latencyScale,
                                "--logging.level.root=warn"));
        long launched = System.nanoTime();
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--server.port=" + rungPort,
                                "--spring.datasource.url=" + jdbcUrl,
                                "--spring.datasource.username=postgres",
                                "--rung.gateway.provider=simulator",
                                "--spring.ai.openai.api-key=sk-bench",
                                "--spring.ai.openai.base-url=http://127.0.0.1:"
                                        + simulatorPort
                                        + "/simulator/v1",
                                "--rung.limits.enabled=false",
                                "--rung.cache.enabled=false",
                                // The simulator's stand-in reviewer is for demos, not for this.
                                "--rung.experiments.simulated-reviews.enabled=false",
                                "--logging.level.root=warn"));
        arguments.addAll(List.of(rungArguments));
        rung = java("dev.rung.RungApplication", arguments);
        SeparateJvm.awaitUp(
                "http://127.0.0.1:" + simulatorPort + "/v1/admin/simulator/stats", simulator);
        SeparateJvm.awaitUp(rungUrl("/actuator/health"), rung);
        startupSeconds = (System.nanoTime() - launched) / 1e9;
        perfectModels();
    }

    String rungUrl(String path) {
        return "http://127.0.0.1:" + rungPort + path;
    }

    /**
     * Only the router's own cost is measured: no simulated faults, so no retries or escalations.
     */
    private void perfectModels() throws Exception {
        String none =
                "{\"wrong\":0,\"ruleViolation\":0,\"schemaInvalid\":0,\"missingFields\":0,\"labelOutside\":0,\"lowConfidence\":0,"
                    + "\"refusal\":0,\"truncation\":0,\"rateLimited\":0,\"serverError\":0,\"timeout\":0}";
        for (String model : List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4")) {
            HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create(
                                            "http://127.0.0.1:"
                                                    + simulatorPort
                                                    + "/v1/admin/simulator/scenario/faults/"
                                                    + model
                                                    + "/default"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(none))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** CPU time a process has used so far, in seconds. */
    static double cpuSeconds(ProcessHandle process) {
        return process.info()
                .totalCpuDuration()
                .map(duration -> duration.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** A sum over Rung's metric lines that start with the prefix, e.g. {@code jvm_memory_used_bytes{area="heap"}. */
    double rungMetric(String prefix) throws Exception {
        return rungMetrics(prefix).getFirst();
    }

    /** The sums for several prefixes, from one scrape. */
    java.util.List<Double> rungMetrics(String... prefixes) throws Exception {
        String metrics =
                HTTP.send(
                                HttpRequest.newBuilder(URI.create(rungUrl("/actuator/prometheus")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return java.util.Arrays.stream(prefixes)
                .map(
                        prefix ->
                                metrics.lines()
                                        .filter(line -> line.startsWith(prefix))
                                        .mapToDouble(
                                                line ->
                                                        Double.parseDouble(
                                                                line.substring(
                                                                        line.lastIndexOf(' ') + 1)))
                                        .sum())
                .toList();
    }

    /** The resident memory of Rung's process, in MB (Linux), or NaN where /proc is not there. */
    double rungResidentMb() {
        try {
            return Files.readAllLines(Path.of("/proc/" + rung.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .map(line -> Double.parseDouble(line.replaceAll("\\D", "")) / 1024)
                    .orElse(Double.NaN);
        } catch (java.io.IOException | RuntimeException notLinux) {
            return Double.NaN;
        }
    }

    /**
     * With {@code -Dbench.asyncProfiler=/path/to/libasyncProfiler.so}, profiles the CPU of Rung and
     * of the simulator while {@code measured} runs, and writes collapsed stacks to {@code
     * target/bench-<process>-<name>.collapsed} (async-profiler, loaded into the running JVMs by
     * jcmd).
     */
    <T> T profiled(String name, java.util.concurrent.Callable<T> measured) throws Exception {
        String library = System.getProperty("bench.asyncProfiler", "");
        if (library.isBlank()) {
            return measured.call();
        }
        String start =
                "\"start,event="
                        + System.getProperty("bench.profileEvent", "cpu")
                        + ",interval=1ms\"";
        jcmd(rung, "JVMTI.agent_load", library, start);
        jcmd(simulator, "JVMTI.agent_load", library, start);
        try {
            return measured.call();
        } finally {
            jcmd(rung, "JVMTI.agent_load", library, stop("rung", name));
            jcmd(simulator, "JVMTI.agent_load", library, stop("simulator", name));
        }
    }

    private static String stop(String process, String name) {
        return "\"stop,file="
                + Path.of("target", "bench-" + process + "-" + name + ".collapsed").toAbsolutePath()
                + ",collapsed\"";
    }

    private static void jcmd(Process process, String... command) throws Exception {
        List<String> line =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                String.valueOf(process.pid())));
        line.addAll(List.of(command));
        new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }

    /**
     * Rung's live heap after a full collection (a class histogram forces one; it is kept in {@code
     * target/bench-rung-histogram-<n>.txt}, to see what the heap holds), with what it holds: open
     * HTTP connections (one a request in flight, as the benchmark's client opens one a request) and
     * live virtual threads (requests being handled). The counts come from the histogram itself, so
     * they are those of that moment.
     */
    LiveHeap rungLiveHeap() throws Exception {
        Path file = Path.of("target", "bench-rung-histogram-" + System.nanoTime() + ".txt");
        new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(rung.pid()),
                        "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(file.toFile())
                .start()
                .waitFor();
        List<String> lines = Files.readAllLines(file);
        return new LiveHeap(
                lines.stream()
                        .filter(line -> line.startsWith("Total"))
                        .findFirst()
                        .map(line -> Double.parseDouble(line.trim().split("\\s+")[2]) / 1e6)
                        .orElse(Double.NaN),
                instances(lines, "org.eclipse.jetty.io.SocketChannelEndPoint"),
                instances(lines, "java.lang.VirtualThread"));
    }

    private static long instances(List<String> histogram, String className) {
        return histogram.stream()
                .map(line -> line.trim().split("\\s+"))
                .filter(columns -> columns.length >= 4 && columns[3].equals(className))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .findFirst()
                .orElse(0);
    }

    record LiveHeap(double mb, long connections, long virtualThreads) {}

    @Override
    public void close() throws InterruptedException {
        for (Process process : List.of(rung, simulator)) {
            SeparateJvm.stop(process);
        }
    }

    private static Process java(String mainClass, List<String> arguments) throws Exception {
        List<String> options = new ArrayList<>();
        if (mainClass.endsWith("RungApplication")) {
            // The collector the container image sets (pom.xml, jib), unless bench.rungJvm names
            // another.
            if (!RUNG_JVM.matches(".*-XX:\\+Use\\w*GC.*")) {
                options.add("-XX:+UseParallelGC");
            }
            if (!RUNG_JVM.isBlank()) {
                options.addAll(List.of(RUNG_JVM.strip().split("\\s+")));
            }
        }
        return SeparateJvm.start(
                mainClass,
                options,
                arguments,
                "bench-" + mainClass.substring(mainClass.lastIndexOf('.') + 1));
    }
}
