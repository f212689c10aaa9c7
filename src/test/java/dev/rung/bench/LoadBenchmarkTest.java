package dev.rung.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark, not a unit test: {@code ./mvnw -Pbench verify} ({@code -Dbench.seconds=60} for the
 * full length). The simulator (no artificial latency) and Rung run as separate processes; this JVM sends an
 * open-loop load — requests start on a fixed schedule, and latency counts from the scheduled start, so a slow
 * response cannot hide the ones queued behind it — interleaving direct simulator calls with the same calls
 * through Rung, at 250, 500 and 1,000 tasks/s. It prints percentiles of both, the overhead, errors, Rung's CPU
 * and heap, and checks that every task and attempt reached PostgreSQL.
 */
@Tag("benchmark")
class LoadBenchmarkTest {

    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    /** Unmeasured load first, so the JIT has compiled the hot paths of all three processes. */
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 20);
    static final int WARMUP_RATE = 200;
    static final int[] RATES = java.util.Arrays.stream(System.getProperty("bench.rates", "250,500,1000").split(","))
            .mapToInt(rate -> Integer.parseInt(rate.strip())).toArray();
    /** Extra JVM options for Rung's process, e.g. {@code -Dbench.rungJvm=-XX:StartFlightRecording=filename=target/rung.jfr}. */
    static final String RUNG_JVM = System.getProperty("bench.rungJvm", "");
    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    @Test
    void overheadOfRungOverDirectCalls() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(0).start()) {
            int simulatorPort = freePort();
            int rungPort = freePort();
            Process simulator = java("dev.rung.simulator.SimulatorServer", "--server.port=" + simulatorPort,
                    "--rung.simulator.latency-scale=0", "--logging.level.root=warn");
            long launched = System.nanoTime();
            Process rung = java("dev.rung.RungApplication", "--server.port=" + rungPort,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--rung.gateway.provider=simulator",
                    "--spring.ai.openai.api-key=sk-bench", "--spring.ai.openai.base-url=http://127.0.0.1:" + simulatorPort + "/v1",
                    "--rung.limits.enabled=false", "--rung.cache.enabled=false", "--logging.level.root=warn");
            try {
                awaitUp("http://127.0.0.1:" + simulatorPort + "/v1/admin/simulator/stats");
                awaitUp("http://127.0.0.1:" + rungPort + "/actuator/health");
                double startup = (System.nanoTime() - launched) / 1e9;
                Thread.sleep(5_000);
                System.out.printf("%nRung: from process start to healthy %.1f s (simulator starting beside it); idle: %s%n",
                        startup, idleMemory(rung.pid(), rungPort));
                perfectModels(simulatorPort);
                long sent = load(simulatorPort, rungPort, WARMUP_RATE, WARMUP_SECONDS, null);
                System.out.printf("%n%-7s %-8s %8s %8s %8s %8s %8s %10s %7s%n", "rate/s", "path", "p50 ms", "p90 ms",
                        "p99 ms", "p99.9 ms", "max ms", "done/s", "errors");
                for (int rate : RATES) {
                    sent += load(simulatorPort, rungPort, rate, SECONDS, System.out);
                }
                System.out.println(rungResources(rungPort));
                if (Boolean.getBoolean("bench.histogram")) {
                    new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            String.valueOf(rung.pid()), "GC.class_histogram").redirectErrorStream(true)
                            .redirectOutput(new File("target/bench-rung-histogram.txt")).start().waitFor();
                }
                try (Connection db = postgres.getPostgresDatabase().getConnection();
                        ResultSet rows = db.createStatement().executeQuery(
                                "select (select count(*) from task), (select count(*) from attempt), "
                                        + "(select count(*) from task where status <> 'succeeded')")) {
                    rows.next();
                    System.out.printf("rows: %d tasks, %d attempts, %d not succeeded; requests Rung answered with 200: %d%n",
                            rows.getLong(1), rows.getLong(2), rows.getLong(3), sent);
                }
            } finally {
                rung.destroy();
                simulator.destroy();
                rung.waitFor(20, TimeUnit.SECONDS);
                simulator.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Sends {@code rate} requests a second for {@code seconds}, every other one through Rung, on a fixed schedule;
     * prints the percentiles when {@code out} is given. Returns how many requests Rung answered with a 2xx.
     */
    private static long load(int simulatorPort, int rungPort, int rate, int seconds, java.io.PrintStream out)
            throws InterruptedException {
        Histogram direct = new ConcurrentHistogram(3);
        Histogram viaRung = new ConcurrentHistogram(3);
        AtomicLong directErrors = new AtomicLong();
        AtomicLong rungErrors = new AtomicLong();
        long started = System.nanoTime();
        int total = rate * seconds;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = started + i * 1_000_000_000L / rate;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int n = i;
                boolean throughRung = i % 2 == 0;
                executor.submit(() -> throughRung
                        ? call(rungRequest(rungPort, out == null ? 0 : rate, n), scheduled, viaRung, rungErrors)
                        : call(directRequest(simulatorPort, rate, n), scheduled, direct, directErrors));
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (out != null) {
            print(rate, "direct", direct, directErrors.get(), elapsed);
            print(rate, "rung", viaRung, rungErrors.get(), elapsed);
            out.printf("%-7d %-8s %8.2f %8.2f %8.2f %8.2f%n", rate, "overhead",
                    ms(viaRung, 50) - ms(direct, 50), ms(viaRung, 90) - ms(direct, 90),
                    ms(viaRung, 99) - ms(direct, 99), ms(viaRung, 99.9) - ms(direct, 99.9));
        }
        // Every 2xx from Rung is a task it stored; a shed request (503) stores nothing.
        return viaRung.getTotalCount();
    }

    /** Only the router's own cost is measured: no simulated faults, so no retries or escalations. */
    static void perfectModels(int port) throws Exception {
        String none = "{\"wrong\":0,\"schemaInvalid\":0,\"missingFields\":0,\"labelOutside\":0,\"lowConfidence\":0,"
                + "\"refusal\":0,\"truncation\":0,\"rateLimited\":0,\"serverError\":0,\"timeout\":0}";
        for (String model : List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4")) {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/simulator/scenario/faults/"
                            + model + "/default")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(none)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static Object call(HttpRequest request, long scheduledNanos, Histogram histogram, AtomicLong errors) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                errors.incrementAndGet();
            } else {
                histogram.recordValue((System.nanoTime() - scheduledNanos) / 1_000);
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        return null;
    }

    static HttpRequest rungRequest(int port, int rate, int n) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tasks/lead-classification"))
                .header("Content-Type", "application/json").header("X-API-Key", "rung-local-dev-key")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"subjectId":"b-%d-%d","lead":{"email":"p%d@bench%d.example","message":"Pricing for %d seats?"}}"""
                        .formatted(rate, n, n, rate, n))).build();
    }

    private static HttpRequest directRequest(int port, int rate, int n) {
        var json = tools.jackson.databind.node.JsonNodeFactory.instance;
        var body = json.objectNode();
        body.put("model", "gpt-5.4-nano");
        body.putArray("messages")
                .add(json.objectNode().put("role", "system").put("content", "Classify the lead."))
                .add(json.objectNode().put("role", "user").put("content", "<untrusted_input>\n{\"email\":\"p" + n + "@bench"
                        + rate + ".example\",\"message\":\"Pricing for " + n + " seats?\"}\n</untrusted_input>"));
        body.put("max_completion_tokens", 400);
        body.put("reasoning_effort", "none");
        body.put("prompt_cache_key", "lead-classification:bench");
        var schema = json.objectNode().put("type", "object").put("additionalProperties", false);
        schema.putObject("properties").putObject("label").put("type", "string").putArray("enum")
                .add("sales-ready").add("nurture").add("disqualified").add("spam");
        schema.putArray("required").add("label");
        body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                .put("name", "lead").put("strict", true).set("schema", schema);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private static void print(int rate, String path, Histogram h, long errors, double seconds) {
        System.out.printf("%-7d %-8s %8.2f %8.2f %8.2f %8.2f %8.2f %10.1f %7d%n", rate, path, ms(h, 50), ms(h, 90), ms(h, 99),
                ms(h, 99.9), h.getMaxValue() / 1000.0, h.getTotalCount() / seconds, errors);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Heap in use and the process's resident memory, a few seconds after start-up with no load. */
    private static String idleMemory(long pid, int port) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        String rss = java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: unknown").replaceAll("\\s+", " ");
        return String.format("heap in use %.0f MB, %s", heap / 1e6, rss);
    }

    private static String rungResources(int port) throws Exception {
        String cpu = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("X-API-Key", "rung-local-dev-key").build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> lines = new ArrayList<>();
        cpu.lines().filter(l -> l.startsWith("process_cpu_usage") || l.startsWith("jvm_memory_used_bytes{area=\"heap\"")
                || l.startsWith("process_cpu_time_ns_total")).forEach(lines::add);
        return "Rung resources after the run:\n  " + String.join("\n  ", lines);
    }

    static Process java(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        if (mainClass.endsWith("RungApplication") && !RUNG_JVM.isBlank()) {
            command.addAll(List.of(RUNG_JVM.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/bench-" + mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log")).start();
    }

    static void awaitUp(String url) throws Exception {
        for (int i = 0; i < 120; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (Exception notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not come up; see target/bench-*.log");
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
