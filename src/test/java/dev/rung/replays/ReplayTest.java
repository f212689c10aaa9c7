package dev.rung.replays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * As an analyst would: leads served by nano-first, then mini-only replayed over them before any
 * live traffic, read out beside what was served.
 */
class ReplayTest extends IntegrationTest {

    private static final int SERVED = 40;

    private String shadowId;

    @AfterEach
    void reset() {
        resetSimulator();
        if (shadowId != null) {
            post("/v1/replays/" + shadowId + "/cancel", "{}");
        }
    }

    @Test
    void aShadowRerunsServedTasksAfterTheirAnswerWithoutTouchingThem() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.3)));
        var created =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"mini-only","mode":"shadow","share":1,
                         "tier":"B","spendCapUsd":5}\
                        """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        shadowId = body(created).path("id").asString();
        assertThat(body(created).path("mode").asString()).isEqualTo("shadow");
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> served = new ArrayList<>();
        for (int n = 0; n < 15; n++) {
            served.add(
                    body(
                            post(
                                    "/v1/tasks/lead-classification",
                                    """
                                    {"subjectId":"shadow-%s-%d","lead":{"email":"s%d@shade%d.com","title":"COO","message":"Pricing?"}}\
                                    """
                                            .formatted(batch, n, n, n))));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonNode now = body(get("/v1/replays/" + shadowId));
                            return now.path("candidates").asInt() >= 10
                                    && now.path("processed").asInt()
                                            == now.path("candidates").asInt();
                        });

        for (JsonNode task : served) {
            JsonNode again = body(get("/v1/tasks/" + task.path("taskId").asString()));
            assertThat(again.path("route").path("policy").asString()).isEqualTo("nano-first");
            assertThat(again.path("result")).isEqualTo(task.path("result"));
            assertThat(again.path("attempts")).hasSameSizeAs(task.path("attempts"));
        }
        JsonNode shadow = body(get("/v1/replays/" + shadowId));
        assertThat(
                        jdbc.sql("select count(*) from replay_task where replay_id = ?::uuid")
                                .param(shadowId)
                                .query(Long.class)
                                .single())
                .as("a rerun is never shadowed itself")
                .isEqualTo(shadow.path("processed").asLong());
        JsonNode readout = body(get("/v1/replays/" + shadowId + "/readout"));
        assertThat(readout.path("arms").get(1).path("policies").get(0).asString())
                .isEqualTo("mini-only");
        assertThat(readout.path("arms").get(1).path("tasks").asLong())
                .isEqualTo(shadow.path("processed").asLong());

        assertThat(
                        body(post("/v1/replays/" + shadowId + "/cancel", "{}"))
                                .path("status")
                                .asString())
                .isEqualTo("cancelled");
        post(
                "/v1/tasks/lead-classification",
                """
                {"subjectId":"shadow-%s-late","lead":{"email":"late@shade.com"}}\
                """
                        .formatted(batch));
        assertThat(body(get("/v1/replays/" + shadowId)).path("candidates").asInt())
                .isEqualTo(shadow.path("candidates").asInt());
        shadowId = null;
    }

    @Test
    void aReplayRunsTheCandidateOverTheWindowAndReadsItOutBesideWhatWasServed() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.3, "ruleViolation", 0.2)));
        Instant from = Instant.now().minusMillis(5);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<String> served = new ArrayList<>();
        for (int n = 0; n < SERVED; n++) {
            served.add(
                    body(post(
                                    "/v1/tasks/lead-classification",
                                    """
                                    {"subjectId":"replay-%s-%d","lead":{"email":"r%d@acme%d.com","title":"Head of IT","companySize":%d,"message":"Price for %d users?"}}\
                                    """
                                            .formatted(batch, n, n, n, 100 + n, n)))
                            .path("taskId")
                            .asString());
        }
        Instant to = Instant.now().plusMillis(5);
        for (int n = 0; n < 10; n++) {
            post(
                    "/v1/tasks/" + served.get(n) + "/feedback",
                    "{\"correct\":{\"label\":\"sales-ready\"},\"reviewer\":\"ana\"}");
        }
        delete("/v1/subjects/replay-" + batch + "-39");

        JsonNode replay = start("mini-only", from, to, "5.00");
        assertThat(replay.path("status").asString()).isEqualTo("running");
        assertThat(replay.path("candidates").asInt()).isEqualTo(SERVED);
        JsonNode done = finished(replay.path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("processed").asInt()).isEqualTo(SERVED - 1);
        assertThat(done.path("skippedErased").asInt()).isEqualTo(1);
        JsonNode readout = body(get("/v1/replays/" + replay.path("id").asString() + "/readout"));
        JsonNode servedArm = readout.path("arms").get(0);
        JsonNode replayArm = readout.path("arms").get(1);
        assertThat(servedArm.path("arm").asString()).isEqualTo("served");
        assertThat(servedArm.path("policies").get(0).asString()).isEqualTo("nano-first");
        assertThat(servedArm.path("escalationRate").path("count").asLong()).isPositive();
        assertThat(replayArm.path("policies").get(0).asString()).isEqualTo("mini-only");
        assertThat(replayArm.path("tasks").asLong()).isEqualTo(SERVED - 1);
        assertThat(replayArm.path("escalationRate").path("count").asLong()).isZero();
        assertThat(replayArm.path("reviewedAccuracy").path("of").asLong()).isEqualTo(10);
        assertThat(readout.path("agreementOn").get(0).asString()).isEqualTo("label");
        // nano answered some leads wrong: the replay on mini disagrees with those.
        assertThat(readout.path("agreement").path("share").asDouble()).isBetween(0.3, 0.99);

        BigDecimal replayCost =
                jdbc.sql(
                                "select sum(t.cost_usd) from replay_task rt join task t on t.id ="
                                        + " rt.task_id where rt.replay_id = ?::uuid")
                        .param(replay.path("id").asString())
                        .query(BigDecimal.class)
                        .single();
        assertThat(replayArm.path("costUsd").decimalValue()).isEqualByComparingTo(replayCost);
        assertThat(done.path("spentUsd").decimalValue()).isEqualByComparingTo(replayCost);
        // Task for task: the mean of (replay − served) and its interval.
        JsonNode cost = comparison(readout, "costPerTask");
        BigDecimal servedCost =
                jdbc.sql(
                                "select sum(t.cost_usd) from replay_task rt join task t on t.id ="
                                        + " rt.served_task_id where rt.replay_id = ?::uuid")
                        .param(replay.path("id").asString())
                        .query(BigDecimal.class)
                        .single();
        assertThat(cost.path("pairs").asLong()).isEqualTo(SERVED - 1);
        assertThat(cost.path("estimate").asDouble())
                .isCloseTo(
                        replayCost.subtract(servedCost).doubleValue() / (SERVED - 1),
                        org.assertj.core.api.Assertions.within(1e-12));
        assertThat(cost.path("ciLow").asDouble()).isLessThan(cost.path("estimate").asDouble());
        JsonNode escalation = comparison(readout, "escalationRate");
        assertThat(escalation.path("estimate").asDouble()).isNegative();
        assertThat(escalation.path("verdict").asString()).isIn("better", "inconclusive");
        assertThat(comparison(readout, "reviewedAccuracy").path("pairs").asLong()).isEqualTo(10);
        assertThat(
                        jdbc.sql(
                                        "select count(*) from task t join replay_task rt on"
                                            + " rt.task_id = t.id where rt.replay_id = ?::uuid and"
                                            + " (t.experiment_id is not null or t.cache_hit)")
                                .param(replay.path("id").asString())
                                .query(Long.class)
                                .single())
                .as("replayed tasks are never in an experiment nor answered from the cache")
                .isZero();

        // The simulator is deterministic: the same replay gives the same answers.
        JsonNode again = finished(start("mini-only", from, to, "5.00").path("id").asString());
        assertThat(
                        jdbc.sql(
                                        """
                                        select count(*) from replay_task a join task ta on ta.id = a.task_id
                                          join replay_task b on b.served_task_id = a.served_task_id
                                          join task tb on tb.id = b.task_id
                                         where a.replay_id = ?::uuid and b.replay_id = ?::uuid
                                           and ta.result is not distinct from tb.result\
                                        """)
                                .params(replay.path("id").asString(), again.path("id").asString())
                                .query(Long.class)
                                .single())
                .isEqualTo(SERVED - 1);
    }

    @Test
    void aReplayStopsAtItsSpendCapAndCannotBeCancelledAfter() {
        Instant from = Instant.now().minusMillis(5);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int n = 0; n < 12; n++) {
            post(
                    "/v1/tasks/lead-classification",
                    """
                    {"subjectId":"cap-%s-%d","lead":{"email":"c%d@cap%d.com","message":"Demo?"}}\
                    """
                            .formatted(batch, n, n, n));
        }
        Instant to = Instant.now().plusMillis(5);

        JsonNode capped = finished(start("mini-only", from, to, "0.00001").path("id").asString());

        assertThat(capped.path("status").asString()).isEqualTo("capped");
        assertThat(capped.path("processed").asInt()).isBetween(1, 11);
        assertThat(capped.path("spentUsd").decimalValue())
                .isGreaterThanOrEqualTo(new BigDecimal("0.00001"));
        var late = post("/v1/replays/" + capped.path("id").asString() + "/cancel", "{}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(body(late).path("type").asString()).endsWith("/replay-ended");
    }

    @Test
    void badReplaysAreProblems() {
        Instant to = Instant.now();
        Instant from = to.minusSeconds(60);
        assertThat(get("/v1/replays/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        var unknownPolicy =
                post("/v1/replays", body("lead-classification", "cheapest", from, to, "B"));
        assertThat(unknownPolicy.statusCode()).isEqualTo(400);
        assertThat(unknownPolicy.body()).contains("policy");
        var tierA = post("/v1/replays", body("lead-classification", "nano-first", from, to, null));
        assertThat(tierA.statusCode()).isEqualTo(400);
        assertThat(tierA.body()).contains("tier B only");
        var reversed = post("/v1/replays", body("lead-classification", "mini-only", to, from, "B"));
        assertThat(reversed.statusCode()).isEqualTo(400);
        var unknownType = post("/v1/replays", body("no-such-type", "mini-only", from, to, "B"));
        assertThat(unknownType.statusCode()).isEqualTo(404);
        var noCap =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"mini-only","from":"%s","to":"%s"}\
                        """
                                .formatted(from, to));
        assertThat(noCap.statusCode()).isEqualTo(400);
        assertThat(noCap.body()).contains("spendCapUsd");
        var shadowWithWindow =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"mini-only","mode":"shadow","share":0.5,"from":"%s","to":"%s","spendCapUsd":1}\
                        """
                                .formatted(from, to));
        assertThat(shadowWithWindow.statusCode()).isEqualTo(400);
        var shadowWithoutShare =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"mini-only","mode":"shadow","spendCapUsd":1}\
                        """);
        assertThat(shadowWithoutShare.body()).contains("share");
    }

    private static JsonNode comparison(JsonNode readout, String metric) {
        for (JsonNode comparison : readout.path("comparisons")) {
            if (comparison.path("metric").asString().equals(metric)) {
                return comparison;
            }
        }
        throw new AssertionError("no " + metric + " in " + readout);
    }

    private JsonNode start(String policy, Instant from, Instant to, String cap) {
        var response =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"%s","from":"%s","to":"%s","tier":"B","spendCapUsd":%s,"actor":"analyst"}\
                        """
                                .formatted(policy, from, to, cap));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).isPresent();
        return body(response);
    }

    private JsonNode finished(String id) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                !body(get("/v1/replays/" + id))
                                        .path("status")
                                        .asString()
                                        .equals("running"));
        return body(get("/v1/replays/" + id));
    }

    private static String body(String type, String policy, Instant from, Instant to, String tier) {
        return """
        {"taskType":"%s","policy":"%s","from":"%s","to":"%s",%s"spendCapUsd":1}\
        """
                .formatted(
                        type, policy, from, to, tier == null ? "" : "\"tier\":\"" + tier + "\",");
    }
}
