package dev.rung.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public class ExperimentsTest extends IntegrationTest {

    final List<String> created = new ArrayList<>();

    @AfterEach
    void stopExperimentsAndResetTheSimulator() {
        created.forEach(id -> post("/v1/experiments/" + id + "/stop", "{}"));
        resetSimulator();
    }

    @Test
    void anExperimentMovesThroughItsStatesAndRecordsWhoAndWhy() {
        String id = create("lifecycle", "{}");
        assertThat(body(get("/v1/experiments/" + id)).path("status").asString()).isEqualTo("draft");

        JsonNode started =
                body(
                        post(
                                "/v1/experiments/" + id + "/start",
                                "{\"actor\":\"ana\",\"reason\":\"launch\"}"));
        assertThat(started.path("status").asString()).isEqualTo("running");
        assertThat(started.path("promptVersion").asString()).isEqualTo("lead-v1");
        assertThat(started.path("promptSha256").asString()).hasSize(64);

        String second = create("second", "{}");
        var conflict = post("/v1/experiments/" + second + "/start", "{}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(body(conflict).path("type").asString())
                .isEqualTo("https://rung.dev/problems/experiment-already-live");

        assertThat(
                        body(post(
                                        "/v1/experiments/" + id + "/pause",
                                        "{\"actor\":\"bo\",\"reason\":\"check\"}"))
                                .path("status")
                                .asString())
                .isEqualTo("paused");
        assertThat(post("/v1/experiments/" + id + "/pause", "{}").statusCode()).isEqualTo(409);
        assertThat(body(post("/v1/experiments/" + id + "/resume", null)).path("status").asString())
                .isEqualTo("running");
        JsonNode stopped = body(post("/v1/experiments/" + id + "/stop", "{\"actor\":\"ana\"}"));

        assertThat(stopped.path("status").asString()).isEqualTo("stopped");
        assertThat(
                        stopped.path("events")
                                .valueStream()
                                .map(
                                        e ->
                                                e.path("kind").asString()
                                                        + ":"
                                                        + e.path("actor").asString()))
                .containsExactly(
                        "created:api", "started:ana", "paused:bo", "resumed:api", "stopped:ana");
        assertThat(stopped.path("events").get(1).path("reason").asString()).isEqualTo("launch");
    }

    @Test
    void badExperimentsAreRefused() {
        assertThat(
                        post(
                                        "/v1/experiments",
                                        "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"controlPolicy\":\"mini-only\","
                                            + "\"treatmentPolicy\":\"cheapest\"}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        post(
                                        "/v1/experiments",
                                        "{\"name\":\"x\",\"taskType\":\"nope\",\"controlPolicy\":\"mini-only\","
                                            + "\"treatmentPolicy\":\"nano-first\"}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        post(
                                        "/v1/experiments",
                                        "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"controlPolicy\":\"mini-only\","
                                            + "\"treatmentPolicy\":\"nano-first\",\"treatmentShare\":1.5}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/experiments/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void nanoFirstLowersTheCostPerSuccessWithoutLosingPassRate() throws Exception {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("ruleViolation", 0.05, "refusal", 0.05, "lowConfidence", 0.05)));
        String id = create("ab", "{}");
        post("/v1/experiments/" + id + "/start", "{}");
        String batch = UUID.randomUUID().toString().substring(0, 8);

        List<JsonNode> tasks = submitLeads(batch, 600);
        JsonNode again = body(post("/v1/tasks/lead-classification", lead(batch, 7)));

        assertThat(tasks)
                .allSatisfy(
                        task ->
                                assertThat(
                                                task.path("route")
                                                        .path("experiment")
                                                        .path("id")
                                                        .asString())
                                        .isEqualTo(id));
        JsonNode first = tasks.get(7).path("route").path("experiment");
        assertThat(again.path("route").path("experiment").path("arm").asString())
                .isEqualTo(first.path("arm").asString());

        JsonNode readout = body(get("/v1/experiments/" + id + "/readout"));
        JsonNode control = readout.path("arms").get(0);
        JsonNode treatment = readout.path("arms").get(1);
        assertThat(control.path("policy").asString()).isEqualTo("mini-only");
        assertThat(treatment.path("policy").asString()).isEqualTo("nano-first");
        assertThat(control.path("tasks").asLong() + treatment.path("tasks").asLong())
                .isEqualTo(601);
        assertThat(treatment.path("costPerSuccessUsd").decimalValue())
                .isLessThan(control.path("costPerSuccessUsd").decimalValue());
        assertThat(
                        Math.abs(
                                treatment.path("passRate").asDouble()
                                        - control.path("passRate").asDouble()))
                .isLessThan(0.02);
        // Three answer faults of 5% each, drawn at random per call: 15% of treatment tasks
        // escalate, give or take
        // chance. Four standard errors either side fail a correct build about once in 16,000 runs.
        double standardError = Math.sqrt(0.15 * 0.85 / treatment.path("tasks").asLong());
        assertThat(treatment.path("escalationRate").asDouble())
                .isCloseTo(0.15, within(4 * standardError));
        assertThat(control.path("escalationRate").asDouble()).isZero();
        // Each arm's escalation rate carries its 95% Wilson interval, as Commons Math computes it.
        long escalated =
                Math.round(
                        treatment.path("escalationRate").asDouble()
                                * treatment.path("tasks").asLong());
        var wilson =
                new org.apache.commons.math3.stat.interval.WilsonScoreInterval()
                        .createInterval(
                                (int) treatment.path("tasks").asLong(), (int) escalated, 0.95);
        assertThat(treatment.path("escalationRateInterval").path("ciLow").asDouble())
                .isCloseTo(wilson.getLowerBound(), within(1e-12));
        assertThat(treatment.path("escalationRateInterval").path("ciHigh").asDouble())
                .isCloseTo(wilson.getUpperBound(), within(1e-12));
        assertThat(control.path("passRateInterval").path("ciHigh").asDouble())
                .isGreaterThanOrEqualTo(control.path("passRate").asDouble() - 1e-9);
        assertThat(readout.path("comparisons").get(0).path("verdict").asString())
                .isIn("better", "worse", "inconclusive");
        assertThat(cost(readout).path("verdict").asString())
                .as("nano-first costs less per success")
                .isEqualTo("better");
        assertThat(readout.path("srm").path("flagged").asBoolean()).isFalse();
        JsonNode cost =
                readout.path("comparisons")
                        .valueStream()
                        .filter(c -> c.path("metric").asString().equals("costPerSuccess"))
                        .findFirst()
                        .orElseThrow();
        assertThat(cost.path("absolute").path("ciHigh").asDouble()).isNegative();
        assertThat(cost.path("relative").path("estimate").asDouble()).isBetween(-0.8, -0.3);
        assertThat(readout.path("days")).hasSize(1);
        assertThat(readout.path("stopLoss").path("state").asString()).isEqualTo("armed");

        var csv =
                send(
                        HttpRequest.newBuilder(uri("/v1/experiments/" + id + "/readout"))
                                .header("X-API-Key", DEV_KEY)
                                .header("Accept", "text/csv")
                                .GET()
                                .build());
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.body().lines().toList())
                .hasSize(3)
                .first()
                .asString()
                .startsWith("day,arm,policy")
                .endsWith(",schema_error_rate_ci_low,schema_error_rate_ci_high");
        var lines = csv.body().lines().toList();
        assertThat(lines.get(1).split(",", -1)).hasSize(lines.get(0).split(",").length);
    }

    @Test
    void theStopLossPausesATreatmentThatEscalatesTooOften() throws Exception {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("ruleViolation", 0.2, "lowConfidence", 0.2)));
        String id =
                create("stop-loss", "{\"stopLoss\":{\"period\":\"PT1S\",\"minSamplePerArm\":100}}");
        post("/v1/experiments/" + id + "/start", "{}");
        String batch = UUID.randomUUID().toString().substring(0, 8);

        submitLeads(
                batch,
                2000); // enough that the always-valid bound clears the 30% ceiling with room to
        // spare
        JsonNode experiment = awaitStatus(id, "paused");

        JsonNode pause =
                experiment
                        .path("events")
                        .valueStream()
                        .filter(e -> e.path("kind").asString().equals("paused"))
                        .findFirst()
                        .orElseThrow();
        assertThat(pause.path("actor").asString()).isEqualTo("stop-loss");
        assertThat(pause.path("reason").asString()).contains("escalates");
        assertThat(pause.path("numbers").path("treatmentEscalationLowerBound").asDouble())
                .isGreaterThan(0.30);
        assertThat(
                        body(get("/v1/experiments/" + id + "/readout"))
                                .path("stopLoss")
                                .path("state")
                                .asString())
                .isEqualTo("paused");
        // Instances learn of the pause within a second (their cache of running experiments).
        JsonNode afterPause =
                await().atMost(Duration.ofSeconds(10))
                        .until(
                                () ->
                                        body(
                                                post(
                                                        "/v1/tasks/lead-classification",
                                                        lead(batch, 99_999))),
                                answer -> answer.path("route").path("experiment").isNull());
        assertThat(afterPause.path("route").path("policy").asString()).isEqualTo("mini-only");
        assertThat(afterPause.path("route").path("experiment").isNull()).isTrue();
    }

    @Test
    void reviewersGroundTruthShowsUpAsAccuracyPerArm() throws Exception {
        simulatorFaults(Map.of());
        String id = create("truth", "{}");
        post("/v1/experiments/" + id + "/start", "{}");
        submitLeads(UUID.randomUUID().toString().substring(0, 8), 60);

        List<JsonNode> pending =
                body(get("/v1/reviews?status=pending&experimentId=" + id))
                        .valueStream()
                        .filter(r -> r.path("experimentId").asString().equals(id))
                        .toList();
        assertThat(pending).isNotEmpty();
        for (JsonNode review : pending) {
            JsonNode task = body(get("/v1/tasks/" + review.path("taskId").asString()));
            var given =
                    post(
                            "/v1/tasks/" + review.path("taskId").asString() + "/feedback",
                            "{\"correct\":{\"label\":\""
                                    + task.path("result").path("label").asString()
                                    + "\"},\"reviewer\":\"kim\"}");
            assertThat(given.statusCode()).isEqualTo(201);
        }

        JsonNode readout = body(get("/v1/experiments/" + id + "/readout"));
        long reviewed =
                readout.path("arms")
                        .valueStream()
                        .mapToLong(a -> a.path("accuracy").path("reviewed").asLong())
                        .sum();
        assertThat(reviewed).isEqualTo(pending.size());
        assertThat(
                        readout.path("arms")
                                .valueStream()
                                .filter(a -> a.path("accuracy").path("reviewed").asLong() > 0))
                .allSatisfy(
                        a -> assertThat(a.path("accuracy").path("rate").asDouble()).isEqualTo(1.0));
        assertThat(
                        post(
                                        "/v1/tasks/" + UUID.randomUUID() + "/feedback",
                                        "{\"correct\":{},\"reviewer\":\"kim\"}")
                                .statusCode())
                .isEqualTo(404);
    }

    @Test
    void anAttemptWithAnotherPromptCannotJoinAnExperiment() {
        simulatorFaults(Map.of());
        String id = create("pinned", "{}");
        post("/v1/experiments/" + id + "/start", "{}");
        JsonNode task = body(post("/v1/tasks/lead-classification", lead("pin", 1)));

        assertThatThrownBy(
                        () ->
                                jdbc.sql(
                                                """
                                                insert into attempt (id, task_id, seq, rung, provider, model_requested, prompt_version, prompt_sha256, outcome,
                                                                     latency_ms, started_at, finished_at)
                                                values (gen_random_uuid(), ?::uuid, 9, 1, 'simulator', 'gpt-5.4-nano', 'other', repeat('0', 64), 'pass', 1, now(), now())\
                                                """)
                                        .param(task.path("taskId").asString())
                                        .update())
                .hasMessageContaining("differs from the experiment's pinned prompt");
    }

    private String create(String name, String extra) {
        String body =
                "{\"name\":\""
                        + name
                        + "\",\"taskType\":\"lead-classification\",\"controlPolicy\":\"mini-only\","
                        + "\"treatmentPolicy\":\"nano-first\""
                        + (extra.equals("{}") ? "" : "," + extra.substring(1, extra.length() - 1))
                        + "}";
        var response = post("/v1/experiments", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = body(response).path("id").asString();
        created.add(id);
        return id;
    }

    private JsonNode awaitStatus(String id, String status) {
        try {
            return await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> body(get("/v1/experiments/" + id)),
                            experiment -> experiment.path("status").asString().equals(status));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "experiment "
                            + id
                            + " never became "
                            + status
                            + "; its events: "
                            + body(get("/v1/experiments/" + id)).path("events"));
        }
    }

    public static String lead(String batch, int i) {
        return """
        {"subjectId":"%s-%d","lead":{"email":"buyer%d@firm%d.com","company":"Firm %d","title":"Head of Sales",
         "companySize":%d,"message":"Can we get pricing for %d seats?"}}\
        """
                .formatted(batch, i, i, i, i, 50 + i, i);
    }

    private List<JsonNode> submitLeads(String batch, int count) throws Exception {
        return postAll(
                "/v1/tasks/lead-classification",
                java.util.stream.IntStream.range(0, count).mapToObj(i -> lead(batch, i)).toList());
    }

    private static JsonNode cost(JsonNode readout) {
        return readout.path("comparisons")
                .valueStream()
                .filter(c -> c.path("metric").asString().equals("costPerSuccess"))
                .findFirst()
                .orElseThrow();
    }
}
