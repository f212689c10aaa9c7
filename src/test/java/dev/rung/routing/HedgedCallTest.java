package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.experiments.ExperimentsTest;
import dev.rung.support.ServiceClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Hedged calls on a simulator where nano and mini answer in about 300 ms and one nano call in five
 * hangs for 5 s: nano-first hedges a call that runs past nano's observed p95 with the same call,
 * the first answer that passes wins, the other call is cancelled, both are on record with their
 * cost, and the experiment's readout shows the hedge rate and what the hedges cost (its own
 * context: no other test's calls are in the observed latencies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class HedgedCallTest extends ServiceClient {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void hedgedNanoFirst(DynamicPropertyRegistry registry) {
        hedgingNanoFirst(registry, PORT, "300ms", "same-rung");
    }

    /**
     * nano-first hedging as {@code hedge}, on a simulator where nano and mini answer in about
     * {@code timeToFirstToken} and a hung call takes 5 s, inside a call timeout of 10 s.
     */
    static void hedgingNanoFirst(
            DynamicPropertyRegistry registry, int port, String timeToFirstToken, String hedge) {
        registry.add("server.port", () -> port);
        registry.add("rung.simulator.latency-scale", () -> "1.0");
        registry.add("rung.simulator.hang", () -> "5s");
        registry.add("rung.routing.call-timeout", () -> "10s");
        for (String model : List.of("gpt-5.4-nano", "gpt-5.4-mini")) {
            registry.add(
                    "rung.simulator.models.[" + model + "].time-to-first-token",
                    () -> timeToFirstToken);
            registry.add("rung.simulator.models.[" + model + "].tokens-per-second", () -> "100000");
        }
        registry.add("rung.routing.policies.nano-first.hedge", () -> hedge);
    }

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aCallPastItsP95IsRacedByATwinAndTheFirstPassingAnswerWins() throws Exception {
        simulatorFaults(Map.of());
        String experiment = experiment();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        // nano's and mini's latencies become known: about 300 ms each.
        postAll(
                "/v1/tasks/lead-classification",
                IntStream.range(0, 60).mapToObj(i -> ExperimentsTest.lead(batch, i)).toList());

        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("timeout", 0.2)));
        List<JsonNode> tasks =
                postAll(
                        "/v1/tasks/lead-classification",
                        IntStream.range(60, 160)
                                .mapToObj(i -> ExperimentsTest.lead(batch, i))
                                .toList());

        List<JsonNode> hedged =
                tasks.stream()
                        .filter(
                                task ->
                                        task.path("attempts")
                                                .valueStream()
                                                .anyMatch(a -> superseded(a)))
                        .toList();
        assertThat(hedged).as("some nano calls hung and were hedged").isNotEmpty();
        assertThat(tasks)
                .allSatisfy(
                        task -> assertThat(task.path("status").asString()).isEqualTo("succeeded"));
        List<JsonNode> wonByTheTwin =
                hedged.stream().filter(task -> superseded(task.path("attempts").get(0))).toList();
        assertThat(wonByTheTwin).as("a hung call lost to its twin").isNotEmpty();
        assertThat(wonByTheTwin)
                .allSatisfy(
                        task -> {
                            assertThat(task.path("route").path("policy").asString())
                                    .isEqualTo("nano-first");
                            JsonNode loser = task.path("attempts").get(0);
                            JsonNode winner = task.path("attempts").get(1);
                            assertThat(loser.path("outcome").asString()).isEqualTo("cancelled");
                            assertThat(loser.path("costUsd").decimalValue())
                                    .as("the cancelled call sent its prompt: its cost is on record")
                                    .isPositive();
                            assertThat(winner.path("outcome").asString()).isEqualTo("pass");
                            assertThat(winner.path("model").asString()).isEqualTo("gpt-5.4-nano");
                            assertThat(task.path("latencyMs").asLong())
                                    .as(
                                            "answered in about nano's p95 plus one call, not the 5"
                                                    + " s hang")
                                    .isLessThan(4_000);
                        });

        JsonNode readout = body(get("/v1/experiments/" + experiment + "/readout"));
        JsonNode control = readout.path("hedges").get(0);
        JsonNode treatment = readout.path("hedges").get(1);
        assertThat(control.path("arm").asString()).isEqualTo("control");
        assertThat(control.path("hedgedTasks").asLong()).as("mini-only does not hedge").isZero();
        assertThat(treatment.path("hedgedTasks").asLong()).isGreaterThanOrEqualTo(hedged.size());
        assertThat(treatment.path("hedgeRate").asDouble()).isPositive();
        assertThat(treatment.path("hedgeCostUsd").decimalValue()).isPositive();
        post("/v1/experiments/" + experiment + "/stop", "{}");
    }

    private static boolean superseded(JsonNode attempt) {
        return "superseded".equals(attempt.path("detail").path("next").asString(""));
    }

    private String experiment() {
        var created =
                post(
                        "/v1/experiments",
                        """
                        {"name":"hedges","taskType":"lead-classification","controlPolicy":"mini-only",
                         "treatmentPolicy":"nano-first"}\
                        """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = body(created).path("id").asString();
        assertThat(post("/v1/experiments/" + id + "/start", "{}").statusCode()).isEqualTo(200);
        return id;
    }
}
