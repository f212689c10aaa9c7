package dev.rung.support;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rung and the simulator as an operator runs them: each a JVM of its own ({@link SeparateJvm}),
 * Rung on a PostgreSQL of the test's choosing and pointed at the simulator over HTTP, as it would
 * be at OpenAI.
 */
public final class ServiceProcesses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServiceProcesses() {}

    /** The simulator on {@code port}; {@code logName} names its log in {@code target/}. */
    public static Process simulator(int port, double latencyScale, String logName)
            throws IOException {
        Process simulator =
                SeparateJvm.start(
                        "dev.rung.simulator.SimulatorServer",
                        List.of(),
                        List.of(
                                "--server.port=" + port,
                                "--rung.simulator.latency-scale=" + latencyScale,
                                "--logging.level.root=warn"),
                        logName);
        SeparateJvm.awaitUp("http://127.0.0.1:" + port + "/v1/admin/simulator/stats", simulator);
        return simulator;
    }

    /**
     * Sets the share of one model's answers that fail a check: by breaking a rule, or with a low
     * confidence.
     */
    public static void faults(
            int simulatorPort, String model, double ruleViolation, double lowConfidence)
            throws IOException, InterruptedException {
        String rates =
                """
                {"wrong":0,"ruleViolation":%s,"schemaInvalid":0,"missingFields":0,"labelOutside":0,"lowConfidence":%s,"refusal":0,
                 "truncation":0,"rateLimited":0,"serverError":0,"timeout":0}\
                """
                        .formatted(ruleViolation, lowConfidence);
        HttpResponse<String> answer =
                SeparateJvm.HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + simulatorPort
                                                        + "/v1/admin/simulator/scenario/faults/"
                                                        + model
                                                        + "/default"))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(rates))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(
                    "the simulator refused the fault rates: " + answer.body());
        }
    }

    /** Chat completion requests the simulator received since it started. */
    public static long simulatorRequests(int simulatorPort)
            throws IOException, InterruptedException {
        String stats =
                SeparateJvm.HTTP
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + simulatorPort
                                                                + "/v1/admin/simulator/stats"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return JSON.readTree(stats).path("requests").asLong();
    }

    /**
     * Rung on {@code port}, its ledger at {@code jdbcUrl} (user postgres), its models at the
     * simulator; rate limits and the response cache off, so that every task calls a model. {@code
     * extra} adds or overrides settings.
     */
    public static Process rung(
            int port, String jdbcUrl, int simulatorPort, String logName, String... extra)
            throws IOException {
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--server.port=" + port,
                                "--spring.datasource.url=" + jdbcUrl,
                                "--spring.datasource.username=postgres",
                                "--rung.gateway.provider=simulator",
                                "--spring.ai.openai.api-key=sk-test",
                                "--spring.ai.openai.base-url=http://127.0.0.1:"
                                        + simulatorPort
                                        + "/simulator/v1",
                                "--rung.limits.enabled=false",
                                "--rung.cache.enabled=false",
                                // The simulator's stand-in reviewer is for demos, not for this.
                                "--rung.experiments.simulated-reviews.enabled=false",
                                "--logging.level.root=warn",
                                "--logging.level.dev.rung=info"));
        arguments.addAll(List.of(extra));
        Process rung = SeparateJvm.start("dev.rung.RungApplication", List.of(), arguments, logName);
        SeparateJvm.awaitUp("http://127.0.0.1:" + port + "/actuator/health", rung);
        return rung;
    }

    /** A lead to classify, synchronously, with an Idempotency-Key. */
    public static HttpResponse<String> leadTask(int rungPort, String idempotencyKey, String body)
            throws IOException, InterruptedException {
        return SeparateJvm.HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + rungPort
                                                + "/v1/tasks/lead-classification"))
                        .timeout(Duration.ofMinutes(1))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", "rung-local-dev-key")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The n-th lead of a load: each one different, so that none is answered from a cache. */
    public static String lead(String prefix, int n) {
        return """
        {"subjectId":"%s-%d","lead":{"email":"p%d@%s.example","message":"Pricing for %d seats?"}}\
        """
                .formatted(prefix, n, n, prefix, n);
    }
}
