package dev.rung.routers.internal;

import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;
import dev.rung.support.LeadMix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A learned start rung at scale ({@code ./mvnw -Pbench verify}): {@code bench.routerTrain} leads
 * (default 3,000) served on nano-first to train on and {@code bench.routerHoldout} (default 1,000)
 * held out, three in five hard for nano (long, not English, a large company); the router is trained
 * and replayed beside nano-first and mini-only, and the benchmark prints how long training and
 * evaluation took, what a start decision costs, and the three policies' pass rates and costs per
 * successful task. Numbers in docs/benchmarks.md.
 */
@Tag("benchmark")
class LearnedRouterBenchmarkTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aLearnedStartRungOnThousandsOfLeads() throws Exception {
        int train = Integer.getInteger("bench.routerTrain", 3_000);
        int holdout = Integer.getInteger("bench.routerHoldout", 1_000);
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano", Map.of("ruleViolation", 0.04),
                        "gpt-5.4-mini", Map.of("ruleViolation", 0.02)));
        put(
                "/v1/admin/simulator/scenario/hard-inputs",
                """
                {"rule":%s,"faults":{"gpt-5.4-nano":{"ruleViolation":0.6,"lowConfidence":0.35}}}\
                """
                        .formatted(LeadMix.HARD_RULE));
        String batch = UUID.randomUUID().toString().substring(0, 8);
        Instant trainFrom = Instant.now();
        serve(batch, 0, train);
        Instant holdoutFrom = Instant.now();
        serve(batch, train, train + holdout);
        Instant holdoutTo = Instant.now();

        String name = "bench-" + batch;
        long started = System.nanoTime();
        post(
                "/v1/routers",
                """
                {"name":"%s","taskType":"lead-classification","basePolicy":"nano-first",
                 "trainFrom":"%s","trainTo":"%s","holdoutFrom":"%s","holdoutTo":"%s",
                 "compareWith":["mini-only"],"spendCapUsd":50}\
                """
                        .formatted(name, trainFrom, holdoutFrom, holdoutFrom, holdoutTo));
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                !body(get("/v1/routers/" + name))
                                        .path("status")
                                        .asString()
                                        .equals("training"));
        double trainingSeconds = (System.nanoTime() - started) / 1e9;
        JsonNode router =
                await().atMost(Duration.ofMinutes(30))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () -> body(get("/v1/routers/" + name)),
                                r -> r.path("status").asString().matches("evaluated|failed"));
        double evaluationSeconds = (System.nanoTime() - started) / 1e9 - trainingSeconds;

        System.out.printf(
                "Router trained on %,d examples (%,d first-rung passes) in %.1f s; log-loss %.3f;"
                        + " threshold %.3f; starts %.1f%% of its examples higher%n",
                router.path("training").path("examples").asLong(),
                router.path("training").path("firstRungPasses").asLong(),
                trainingSeconds,
                router.path("training").path("logLoss").asDouble(),
                router.path("threshold").asDouble(),
                100 * router.path("training").path("startsHigherShare").asDouble());
        System.out.printf(
                "Three replays of %,d held-out leads in %.1f s%n", holdout, evaluationSeconds);
        System.out.printf(
                "%-28s %10s %12s %16s %12s%n",
                "policy", "tasks", "pass rate", "cost/success", "agrees");
        for (JsonNode p : router.path("evaluation").path("policies")) {
            System.out.printf(
                    "%-28s %,10d %11.2f%% %16.7f %11.1f%%%n",
                    p.path("policy").asString(),
                    p.path("tasks").asLong(),
                    100 * p.path("passRate").asDouble(),
                    p.path("costPerSuccessUsd").asDouble(),
                    100 * p.path("agreementWithServed").asDouble());
        }
        decisionCost(name);
    }

    /** What one start decision costs: features and the model, on the leads served. */
    private void decisionCost(String name) {
        RouterModel model =
                json.readValue(
                        jdbc.sql("select model::text from router where name = ?")
                                .param(name)
                                .query(String.class)
                                .single(),
                        RouterModel.class);
        List<JsonNode> inputs =
                IntStream.range(0, 1_000)
                        .mapToObj(i -> json.readTree(LeadMix.lead("b", i)).path("lead"))
                        .toList();
        int decisions = 200_000;
        long higher = 0;
        for (int i = 0; i < decisions; i++) {
            higher += model.startRung(inputs.get(i % inputs.size()), false);
        }
        long started = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            higher += model.startRung(inputs.get(i % inputs.size()), false);
        }
        double micros = (System.nanoTime() - started) / 1e3 / decisions;
        System.out.printf(
                "A start decision: %.1f µs (over %,d, after as many unmeasured; %,d started"
                        + " higher)%n",
                micros, decisions, higher / 2);
    }

    private void serve(String batch, int from, int to) throws Exception {
        postAll(
                "/v1/tasks/lead-classification",
                IntStream.range(from, to).mapToObj(i -> LeadMix.lead(batch, i)).toList());
    }
}
