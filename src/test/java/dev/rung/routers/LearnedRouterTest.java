package dev.rung.routers;

import static dev.rung.support.Readouts.arm;
import static dev.rung.support.Readouts.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;
import dev.rung.support.LeadMix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * On a simulator where nano fails mostly on long, non-English and large-company leads, a router
 * learns from the ledger to start those on mini: replayed over a held-out window it is cheaper per
 * successful task than nano-first at a pass rate no worse, and a three-arm experiment confirms it
 * live.
 */
class LearnedRouterTest extends IntegrationTest {

    private String experimentId;

    @AfterEach
    void reset() {
        if (experimentId != null) {
            post("/v1/experiments/" + experimentId + "/stop", "{}");
        }
        resetSimulator();
    }

    @Test
    void aRouterTrainedOnTheLedgerBeatsNanoFirstByReplayAndThenLive() throws Exception {
        nanoStrugglesWithHardInputs();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        Instant trainFrom = Instant.now();
        leads(batch, 0, 400);
        Instant holdoutFrom = Instant.now();
        leads(batch, 400, 700);
        Instant holdoutTo = Instant.now();

        String name = "leads-" + batch;
        var created =
                post(
                        "/v1/routers",
                        """
                        {"name":"%s","taskType":"lead-classification","basePolicy":"nano-first",
                         "trainFrom":"%s","trainTo":"%s","holdoutFrom":"%s","holdoutTo":"%s",
                         "compareWith":["mini-only"],"spendCapUsd":5}\
                        """
                                .formatted(name, trainFrom, holdoutFrom, holdoutFrom, holdoutTo));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        assertThat(body(created).path("policy").asString()).isEqualTo("learned:" + name + "@1");

        JsonNode router = awaitEvaluated(name);
        assertThat(router.path("training").path("examples").asLong()).isEqualTo(400);
        assertThat(router.path("training").path("startsHigherShare").asDouble())
                .as("three leads in five are hard")
                .isBetween(0.45, 0.75);
        JsonNode learned = replayed(router, "router");
        JsonNode nanoFirst = replayed(router, "base");
        JsonNode miniOnly = replayed(router, "compared");
        for (JsonNode replay : List.of(learned, nanoFirst, miniOnly)) {
            assertThat(replay.path("status").asString()).isEqualTo("completed");
            assertThat(replay.path("tasks").asLong()).isEqualTo(300);
            assertThat(replay.path("agreementWithServed").isNumber()).isTrue();
        }
        double learnedCost = learned.path("costPerSuccessUsd").asDouble();
        assertThat(learnedCost)
                .as("the learned start rung is cheaper per success than nano-first")
                .isLessThan(nanoFirst.path("costPerSuccessUsd").asDouble() * 0.95)
                .isLessThan(miniOnly.path("costPerSuccessUsd").asDouble());
        assertThat(learned.path("passRate").asDouble())
                .as("at a pass rate no worse")
                .isGreaterThanOrEqualTo(nanoFirst.path("passRate").asDouble() - 0.01);
        assertThat(router.path("evaluation").path("costPerSuccessVsBaseUsd").asDouble())
                .isNegative();
        startsHardLeadsOnMini(learned.path("replayId").asString(), batch);
        aReplayIsReproducible(nanoFirst, holdoutFrom, holdoutTo);

        JsonNode readout = threeArmsLive(name, batch);
        double liveLearned = arm(readout, "learned").path("costPerSuccessUsd").asDouble();
        assertThat(liveLearned)
                .as("live, too, the learned arm is cheaper per success than nano-first")
                .isLessThan(arm(readout, "nano-first").path("costPerSuccessUsd").asDouble());
        assertThat(comparison(readout, "learned", "costPerSuccess").path("verdict").asString())
                .as("and than mini-only, outside its interval")
                .isEqualTo("better");
        assertThat(comparison(readout, "learned", "passRate").path("verdict").asString())
                .isNotEqualTo("worse");
    }

    @Test
    void routersThatCannotBeTrainedAreProblems() {
        String window =
                "\"trainFrom\":\"2026-01-01T00:00:00Z\",\"trainTo\":\"2026-01-08T00:00:00Z\","
                    + "\"holdoutFrom\":\"2026-01-08T00:00:00Z\",\"holdoutTo\":\"2026-01-15T00:00:00Z\","
                    + "\"spendCapUsd\":1";
        for (String bad :
                List.of(
                        "{\"name\":\"Bad Name\",\"taskType\":\"lead-classification\","
                                + window
                                + "}",
                        "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"basePolicy\":\"mini-only\","
                                + window
                                + "}",
                        "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"compareWith\":[\"nope\"],"
                                + window
                                + "}",
                        "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"trainFrom\":\"2026-01-01T00:00:00Z\","
                            + "\"trainTo\":\"2026-01-08T00:00:00Z\",\"holdoutFrom\":\"2026-01-05T00:00:00Z\","
                            + "\"holdoutTo\":\"2026-01-15T00:00:00Z\",\"spendCapUsd\":1}",
                        "{\"name\":\"x\",\"taskType\":\"lead-classification\"}")) {
            var response = post("/v1/routers", bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type").orElseThrow())
                    .startsWith("application/problem+json");
        }
        assertThat(
                        post("/v1/routers", "{\"name\":\"x\",\"taskType\":\"nope\"," + window + "}")
                                .statusCode())
                .isEqualTo(404);
        assertThat(get("/v1/routers/never-trained").statusCode()).isEqualTo(404);
        // Nothing served in the window: nothing to learn, and the version says so.
        var empty =
                post(
                        "/v1/routers",
                        "{\"name\":\"empty\",\"taskType\":\"lead-classification\"," + window + "}");
        assertThat(empty.statusCode()).isEqualTo(202);
        JsonNode failed =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> body(get("/v1/routers/empty")),
                                r -> r.path("status").asString().equals("failed"));
        assertThat(failed.path("error").asString()).contains("first-rung passes");
        // A router that is not evaluated cannot serve live traffic.
        var experiment =
                post(
                        "/v1/experiments",
                        "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"controlPolicy\":\"mini-only\","
                            + "\"treatmentPolicy\":\""
                                + failed.path("policy").asString()
                                + "\"}");
        assertThat(experiment.statusCode()).isEqualTo(400);
    }

    private void nanoStrugglesWithHardInputs() {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano", Map.of("ruleViolation", 0.04),
                        "gpt-5.4-mini", Map.of("ruleViolation", 0.02)));
        var response =
                put(
                        "/v1/admin/simulator/scenario/hard-inputs",
                        """
                        {"rule":%s,"faults":{"gpt-5.4-nano":{"ruleViolation":0.6,"lowConfidence":0.35}}}\
                        """
                                .formatted(LeadMix.HARD_RULE));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private List<JsonNode> leads(String batch, int from, int to) throws Exception {
        return postAll(
                "/v1/tasks/lead-classification",
                IntStream.range(from, to).mapToObj(i -> LeadMix.lead(batch, i)).toList());
    }

    private JsonNode awaitEvaluated(String name) {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> body(get("/v1/routers/" + name)),
                        r -> {
                            assertThat(r.path("status").asString()).isNotEqualTo("failed");
                            return r.path("status").asString().equals("evaluated");
                        });
    }

    private static JsonNode replayed(JsonNode router, String role) {
        return router.path("evaluation")
                .path("policies")
                .valueStream()
                .filter(p -> p.path("role").asString().equals(role))
                .findFirst()
                .orElseThrow();
    }

    /** The router's replay started the hard leads on mini and the easy ones on nano. */
    private void startsHardLeadsOnMini(String replayId, String batch) {
        var firstModels =
                jdbc.sql(
                                """
                                select s.subject_id, a.model_requested
                                  from replay_task rt
                                  join task s on s.id = rt.served_task_id
                                  join attempt a on a.task_id = rt.task_id and a.seq = 1
                                 where rt.replay_id = ?::uuid\
                                """)
                        .param(replayId)
                        .query(
                                (rs, row) ->
                                        Map.entry(
                                                Integer.parseInt(
                                                        rs.getString(1)
                                                                .substring(batch.length() + 1)),
                                                rs.getString(2)))
                        .list();
        long hardOnMini =
                firstModels.stream()
                        .filter(e -> LeadMix.hard(e.getKey()))
                        .filter(e -> e.getValue().equals("gpt-5.4-mini"))
                        .count();
        long easyOnNano =
                firstModels.stream()
                        .filter(e -> !LeadMix.hard(e.getKey()))
                        .filter(e -> e.getValue().equals("gpt-5.4-nano"))
                        .count();
        assertThat(hardOnMini).as("hard leads started on mini").isGreaterThan(180 * 8 / 10);
        assertThat(easyOnNano).as("easy leads started on nano").isGreaterThan(120 * 8 / 10);
    }

    /** The same policy replayed over the same window with the same seed does the same. */
    private void aReplayIsReproducible(JsonNode first, Instant from, Instant to) {
        var again =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"nano-first","from":"%s","to":"%s","tier":"B","spendCapUsd":5}\
                        """
                                .formatted(from, to));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        String id = body(again).path("id").asString();
        JsonNode replay =
                await().atMost(Duration.ofMinutes(2))
                        .until(
                                () -> body(get("/v1/replays/" + id + "/readout")),
                                r ->
                                        r.path("replay")
                                                .path("status")
                                                .asString()
                                                .equals("completed"));
        JsonNode side = replay.path("arms").get(1);
        assertThat(side.path("successes").asLong()).isEqualTo(first.path("successes").asLong());
        assertThat(side.path("costPerSuccessUsd").decimalValue())
                .isEqualByComparingTo(first.path("costPerSuccessUsd").decimalValue());
    }

    private JsonNode threeArmsLive(String router, String batch) throws Exception {
        var created =
                post(
                        "/v1/experiments",
                        """
                        {"name":"router live","taskType":"lead-classification","controlPolicy":"mini-only",
                         "treatments":[{"policy":"nano-first"},{"arm":"learned","policy":"learned:%s"}],
                         "stopLoss":{"minSamplePerArm":1000000}}\
                        """
                                .formatted(router));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        experimentId = body(created).path("id").asString();
        assertThat(body(created).path("arms").get(2).path("policy").asString())
                .as("pinned to the version it resolved to")
                .isEqualTo("learned:" + router + "@1");
        post("/v1/experiments/" + experimentId + "/start", "{}");
        leads("live-" + batch, 1_000, 1_900);
        return body(get("/v1/experiments/" + experimentId + "/readout"));
    }
}
