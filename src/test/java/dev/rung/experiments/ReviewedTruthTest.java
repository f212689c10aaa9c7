package dev.rung.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.rung.support.ServiceClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reviewed truth as the final judge, with the simulator standing in for the reviewers (every
 * simulated task gets its true answer): the check-quality report's counts equal the same counts
 * recomputed from the rows with plain SQL (jsonb containment as the match), and the stop-loss
 * pauses a treatment whose answers reviews find wrong though every check passed them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class ReviewedTruthTest extends ServiceClient {

    private static final int PORT = freePort();
    private static final String POLICY = "quality-nano-first";
    private static final int TASKS = 300;

    @DynamicPropertySource
    static void simulatedReviews(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("rung.experiments.simulated-reviews.enabled", () -> "true");
        registry.add("rung.experiments.simulated-reviews.interval", () -> "100ms");
        registry.add("rung.routing.policies." + POLICY + ".ladder[0]", () -> "gpt-5.4-nano");
        registry.add("rung.routing.policies." + POLICY + ".ladder[1]", () -> "gpt-5.4-mini");
        registry.add("rung.routing.task-types.lead-classification.tier-policies.B", () -> POLICY);
    }

    private String experimentId;

    @AfterEach
    void reset() {
        resetSimulator();
        if (experimentId != null) {
            post("/v1/experiments/" + experimentId + "/stop", "{}");
        }
    }

    @Test
    void reviewsThatFindTheTreatmentWrongPauseItThoughEveryCheckPassedIt() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.4)));
        // nano's wrong answers as confident as its right ones: no threshold can tell them apart.
        JsonNode scenario = body(get("/v1/admin/simulator/scenario"));
        ((tools.jackson.databind.node.ObjectNode) scenario.path("confidence"))
                .put("wrongLow", 0.75)
                .put("wrongHigh", 0.99);
        assertThat(put("/v1/admin/simulator/scenario", scenario.toString()).statusCode())
                .isEqualTo(200);
        experimentId =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"accuracy guardrail","taskType":"lead-classification",
                                 "controlPolicy":"mini-only","treatmentPolicy":"nano-first","treatmentShare":0.25,
                                 "stopLoss":{"minSamplePerArm":100000,"accuracyMargin":0.05,"minReviewedPerArm":60}}\
                                """))
                        .path("id")
                        .asString();
        assertThat(post("/v1/experiments/" + experimentId + "/start", "{}").statusCode())
                .isEqualTo(200);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        int tasks = 400;
        for (int n = 0; n < tasks; n++) {
            assertThat(
                            post(
                                            "/v1/tasks/lead-classification",
                                            """
                                            {"subjectId":"guard-%s-%d","lead":{"email":"g%d@co%d.com","title":"VP Sales","companySize":%d,"message":"Quote for %d seats"}}\
                                            """
                                                    .formatted(batch, n, n, n, 50 + n, n))
                                    .statusCode())
                    .isEqualTo(200);
        }
        String reviewedOfExperiment =
                "select count(*) from feedback f join task t on t.id = f.task_id where"
                        + " t.experiment_id = ?::uuid";
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                jdbc.sql(reviewedOfExperiment)
                                                .param(experimentId)
                                                .query(Long.class)
                                                .single()
                                        == tasks);

        JsonNode readout = body(get("/v1/experiments/" + experimentId + "/readout"));
        for (JsonNode arm : readout.path("arms")) {
            assertThat(arm.path("passRate").asDouble())
                    .as("every check passes %s", arm.path("arm").asString())
                    .isEqualTo(1.0);
        }
        JsonNode evaluated =
                body(post("/v1/experiments/" + experimentId + "/stop-loss/evaluate", "{}"));
        assertThat(evaluated.path("firedRule").asString()).isEqualTo("reviewed_accuracy");
        assertThat(evaluated.path("reviewedAccuracyDifference").asDouble())
                .isCloseTo(-0.4, within(0.15));
        assertThat(body(get("/v1/experiments/" + experimentId)).path("status").asString())
                .isEqualTo("paused");

        // Review sampling gives both arms about the same number of reviews, though the treatment
        // has a quarter of the tasks: at the configured 20% the control would otherwise get three
        // times as many.
        Map<String, Long> sampled = new HashMap<>();
        jdbc.sql("select arm, count(*) from review where experiment_id = ?::uuid group by arm")
                .param(experimentId)
                .query(
                        rs -> {
                            sampled.put(rs.getString(1), rs.getLong(2));
                        });
        double ratio =
                (double) sampled.getOrDefault("treatment", 0L)
                        / sampled.getOrDefault("control", 1L);
        // About 40 reviews each: the ratio's 99.5% range is about 0.5 to 2; unscaled it would be
        // a third.
        assertThat(ratio).as("treatment reviews per control review").isBetween(0.5, 2.0);
    }

    @Test
    void theReportEqualsARecomputationFromRowsAndCreditsEachCheckWithWhatItCaught() {
        Instant start = Instant.now().minusSeconds(1);
        simulatorFaults(Map.of());
        simulatorFaults(
                "gpt-5.4-nano",
                "lead-classification",
                Map.of(
                        "wrong",
                        0.25,
                        "ruleViolation",
                        0.08,
                        "lowConfidence",
                        0.05,
                        "refusal",
                        0.03));
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int n = 0; n < TASKS; n++) {
            var response =
                    post(
                            "/v1/tasks/lead-classification",
                            """
                            {"subjectId":"quality-%s-%d","lead":{"email":"p%d@firm%d.com","company":"Firm %d",
                             "title":"%s","companySize":%d,"message":"%s"}}\
                            """
                                    .formatted(
                                            batch,
                                            n,
                                            n,
                                            n,
                                            n,
                                            n % 3 == 0 ? "Director" : "Student",
                                            10 + n * 7,
                                            n % 2 == 0 ? "Pricing for our team?" : "Just curious"));
            assertThat(response.statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from feedback f join task"
                                                                + " t on t.id = f.task_id where"
                                                                + " t.policy = ? and f.source ="
                                                                + " 'simulator'")
                                                .param(POLICY)
                                                .query(Long.class)
                                                .single()
                                        == TASKS);

        JsonNode report =
                body(
                        get(
                                "/v1/task-types/lead-classification/check-quality?policy="
                                        + POLICY
                                        + "&from="
                                        + start));
        assertThat(report.path("reviewedTasks").asLong()).isEqualTo(TASKS);
        assertThat(report.path("truthSources").path("simulator").asLong()).isEqualTo(TASKS);

        JsonNode nano = report.path("rungs").get(0);
        assertThat(nano.path("rung").asInt()).isEqualTo(1);
        assertThat(nano.path("models").get(0).asString()).isEqualTo("gpt-5.4-nano");
        Map<String, long[]> rows = recomputed(1, start);
        long right = rows.values().stream().mapToLong(counts -> counts[0]).sum();
        long wrong = rows.values().stream().mapToLong(counts -> counts[1]).sum();
        assertThat(nano.path("rightAnswers").asLong()).isEqualTo(right);
        assertThat(nano.path("wrongAnswers").asLong()).isEqualTo(wrong);
        assertThat(nano.path("acceptedAccuracy").path("count").asLong())
                .isEqualTo(rows.get("pass")[0]);
        assertThat(nano.path("acceptedAccuracy").path("of").asLong())
                .isEqualTo(rows.get("pass")[0] + rows.get("pass")[1]);
        assertThat(nano.path("withoutAnswer").path("refusal").asLong())
                .isEqualTo(rows.get("refusal")[2]);
        long caught = 0;
        for (JsonNode check : nano.path("checks")) {
            long[] counts = rows.getOrDefault(check.path("check").asString(), new long[3]);
            assertThat(check.path("wrongCaught").path("count").asLong())
                    .as(check.path("check").asString())
                    .isEqualTo(counts[1]);
            assertThat(check.path("rightEscalated").path("count").asLong()).isEqualTo(counts[0]);
            caught += counts[1];
        }
        assertThat(nano.path("wrongCaught").path("count").asLong()).isEqualTo(caught);
        double share = nano.path("wrongCaught").path("share").asDouble();
        assertThat(nano.path("wrongCaught").path("ciLow").asDouble()).isLessThan(share);
        assertThat(nano.path("wrongCaught").path("ciHigh").asDouble()).isGreaterThan(share);

        // What each check caught, by the faults behind it: the simulator's rule violations are
        // wrong answers the rule check fails, so it escalates no right one; its low-confidence
        // faults are right answers given a low confidence, so that check's false alarms are those.
        JsonNode rule = check(nano, "rule_failed");
        assertThat(rule.path("wrongCaught").path("count").asLong()).isPositive();
        assertThat(rule.path("rightEscalated").path("count").asLong()).isZero();
        JsonNode confidence = check(nano, "low_confidence");
        assertThat(confidence.path("rightEscalated").path("count").asLong()).isPositive();
        assertThat(confidence.path("wrongCaught").path("count").asLong()).isPositive();
        assertThat(check(nano, "schema_invalid").path("wrongCaught").path("count").asLong())
                .as("strict mode: nothing invalid to catch")
                .isZero();

        // The threshold the type uses (0.7 for tier B) reproduces what the check did.
        JsonNode atSeventy = null;
        for (JsonNode point : nano.path("confidenceThresholds")) {
            if (Math.abs(point.path("threshold").asDouble() - 0.70) < 1e-9) {
                atSeventy = point;
            }
        }
        assertThat(atSeventy).isNotNull();
        assertThat(atSeventy.path("wrongCaught").path("count").asLong())
                .isEqualTo(confidence.path("wrongCaught").path("count").asLong());
        assertThat(atSeventy.path("rightEscalated").path("count").asLong())
                .isEqualTo(confidence.path("rightEscalated").path("count").asLong());
        // With the default curve (wrong answers 0.45-0.88), 0.7 fails about 58% of the wrong
        // answers that reach it.
        assertThat(atSeventy.path("wrongCaught").path("share").asDouble())
                .isCloseTo(0.58, within(0.15));

        JsonNode mini = report.path("rungs").get(1);
        assertThat(mini.path("rung").asInt()).isEqualTo(2);
        assertThat(mini.path("acceptedAccuracy").path("share").asDouble()).isEqualTo(1.0);
    }

    @Test
    void onTheSimulatorATypeCanJudgeTheLabelsTokenProbability() throws java.io.IOException {
        var definition = dev.rung.support.LeadTypes.named("lead-spelled");
        definition
                .putObject("confidence")
                .put("source", "logprobs")
                .put("of", "label")
                .putObject("thresholds")
                .put("A", 0.8)
                .put("B", 0.7);
        assertThat(post("/v1/task-types", definition.toString()).statusCode()).isIn(200, 201);
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.3)));
        Instant start = Instant.now().minusSeconds(1);
        int tasks = 120;
        for (int n = 0; n < tasks; n++) {
            post(
                    "/v1/tasks/lead-spelled",
                    """
                    {"subjectId":"spelled-%d","input":{"email":"s%d@corp%d.com","title":"Head of Ops","message":"Demo for %d?"}}\
                    """
                            .formatted(n, n, n, n));
        }
        awaitTruthOfType("lead-spelled", tasks);

        JsonNode nano =
                body(get("/v1/task-types/lead-spelled/check-quality?from=" + start))
                        .path("rungs")
                        .get(0);
        JsonNode confidence = check(nano, "low_confidence");
        // Wrong answers' labels are spelled with 0.45-0.88, right ones' with 0.72-0.99: a
        // threshold of 0.7 fails about 58% of the wrong ones and none of the right ones.
        assertThat(confidence.path("wrongCaught").path("count").asLong()).isPositive();
        assertThat(confidence.path("rightEscalated").path("count").asLong()).isZero();
        assertThat(nano.path("confidenceThresholds")).hasSize(10);
        assertThat(
                        jdbc.sql(
                                        "select count(*) from attempt a join task t on t.id ="
                                                + " a.task_id where t.type = 'lead-spelled' and"
                                                + " a.outcome = 'low_confidence' and"
                                                + " a.detail->>'source' = 'logprobs'")
                                .query(Long.class)
                                .single())
                .isEqualTo(confidence.path("wrongCaught").path("count").asLong());
    }

    @Test
    void theReportCreditsTheVerifierWithTheWrongAnswersTheChecksLetThrough()
            throws java.io.IOException {
        var definition = dev.rung.support.LeadTypes.named("lead-verified");
        definition.remove("confidence");
        definition.putObject("verifier").put("kind", "model").put("model", "gpt-5.4-mini");
        assertThat(post("/v1/task-types", definition.toString()).statusCode()).isIn(200, 201);
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.4)));
        Instant start = Instant.now().minusSeconds(1);
        int tasks = 60;
        for (int n = 0; n < tasks; n++) {
            post(
                    "/v1/tasks/lead-verified",
                    """
                    {"subjectId":"verified-%d","input":{"email":"v%d@org%d.com","title":"CFO","message":"Contract for %d seats"}}\
                    """
                            .formatted(n, n, n, n));
        }
        awaitTruthOfType("lead-verified", tasks);

        JsonNode nano =
                body(get("/v1/task-types/lead-verified/check-quality?from=" + start))
                        .path("rungs")
                        .get(0);
        JsonNode verifier = check(nano, "verifier_rejected");
        long rejected =
                jdbc.sql(
                                "select count(*) from attempt a join task t on t.id = a.task_id"
                                        + " where t.type = 'lead-verified' and a.rung = 1 and"
                                        + " a.outcome = 'verifier_rejected'")
                        .query(Long.class)
                        .single();
        // The judge (mini, no faults here) rejects exactly nano's wrong drafts.
        assertThat(verifier.path("wrongCaught").path("count").asLong()).isEqualTo(rejected);
        assertThat(rejected).isPositive();
        assertThat(verifier.path("rightEscalated").path("count").asLong()).isZero();
        assertThat(nano.path("wrongCaught").path("share").asDouble()).isEqualTo(1.0);
        assertThat(nano.path("acceptedAccuracy").path("share").asDouble()).isEqualTo(1.0);
        assertThat(nano.path("judgedAnswers").asLong()).isEqualTo(tasks);
    }

    /**
     * The measure of done: on the default simulator, a mini-only vs nano-first experiment's
     * readout agrees with what the configured rates imply, computed here from the scenario itself.
     * Per model, strict mode leaves wrong (w), low-confidence (l), refusal (r), truncation (t) and
     * rule-violation (v) answers; a wrong answer's confidence is drawn from the curve's wrong range
     * and rounded to cents, so the 0.7 threshold of tier B fails the share q = (0.695 − low) /
     * (high − low) of them. A rung passes 1 − (l + r + t + v) − w·q of its calls and answers right
     * 1 − (w + l + r + t + v); what fails climbs to the next model, drawn anew.
     */
    @Test
    void onTheDefaultSimulatorTheReadoutAgreesWithTheConfiguredTruth() {
        resetSimulator();
        JsonNode scenario = body(get("/v1/admin/simulator/scenario"));
        experimentId =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"done when","taskType":"lead-classification",
                                 "controlPolicy":"mini-only","treatmentPolicy":"nano-first",
                                 "stopLoss":{"minSamplePerArm":100000,"minReviewedPerArm":100000}}\
                                """))
                        .path("id")
                        .asString();
        assertThat(post("/v1/experiments/" + experimentId + "/start", "{}").statusCode())
                .isEqualTo(200);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        int tasks = 1600;
        for (int n = 0; n < tasks; n++) {
            post(
                    "/v1/tasks/lead-classification",
                    """
                    {"subjectId":"done-%s-%d","lead":{"email":"d%d@co%d.com","company":"Co %d","title":"%s","companySize":%d,"message":"%s"}}\
                    """
                            .formatted(
                                    batch,
                                    n,
                                    n,
                                    n,
                                    n,
                                    n % 4 == 0 ? "VP Sales" : n % 4 == 1 ? "Student" : "Analyst",
                                    5 + n * 3,
                                    n % 3 == 0 ? "Quote for our team" : "Newsletter please"));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from feedback f join task"
                                                                + " t on t.id = f.task_id where"
                                                                + " t.experiment_id = ?::uuid")
                                                .param(experimentId)
                                                .query(Long.class)
                                                .single()
                                        == tasks);

        JsonNode readout = body(get("/v1/experiments/" + experimentId + "/readout"));
        for (JsonNode arm : readout.path("arms")) {
            List<String> ladder =
                    arm.path("policy").asString().equals("mini-only")
                            ? List.of("gpt-5.4-mini")
                            : List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4");
            double[] expected = expectedPassRightEscalated(scenario, ladder);
            long n = arm.path("tasks").asLong();
            String name = arm.path("arm").asString();
            assertThat(arm.path("passRate").asDouble())
                    .as("%s pass rate", name)
                    .isCloseTo(expected[0], within(tolerance(expected[0], n)));
            assertThat(arm.path("escalationRate").asDouble())
                    .as("%s escalation rate", name)
                    .isCloseTo(expected[2], within(tolerance(expected[2], n)));
            JsonNode accuracy = arm.path("accuracy");
            assertThat(accuracy.path("reviewed").asLong()).isEqualTo(n);
            assertThat(expected[1])
                    .as("%s reviewed accuracy's 99.9%% range", name)
                    .isBetween(
                            accuracy.path("rate").asDouble() - tolerance(expected[1], n),
                            accuracy.path("rate").asDouble() + tolerance(expected[1], n));
            assertThat(accuracy.path("ciLow").asDouble())
                    .isLessThan(accuracy.path("rate").asDouble());
        }

        // Which wrong answers each check caught on nano's rung: the rule check every rule
        // violation (wrong by the truth, since its reason is not the true one), the confidence
        // check the share q of the wrong labels.
        JsonNode nano =
                body(get(
                                "/v1/task-types/lead-classification/check-quality?policy=nano-first"
                                        + "&from="
                                        + Instant.now().minus(Duration.ofHours(1))))
                        .path("rungs")
                        .get(0);
        JsonNode rates = scenario.path("faults").path("gpt-5.4-nano").path("default");
        double q = wrongShareBelowThreshold(scenario);
        double w = rates.path("wrong").asDouble();
        double v = rates.path("ruleViolation").asDouble();
        long wrong = nano.path("wrongAnswers").asLong();
        assertThat(check(nano, "rule_failed").path("wrongCaught").path("share").asDouble())
                .isCloseTo(v / (w + v), within(tolerance(v / (w + v), wrong)));
        assertThat(check(nano, "low_confidence").path("wrongCaught").path("share").asDouble())
                .isCloseTo(w * q / (w + v), within(tolerance(w * q / (w + v), wrong)));
        assertThat(check(nano, "rule_failed").path("rightEscalated").path("count").asLong())
                .isZero();
    }

    /** Four standard errors of a proportion, and at least one point: a 1-in-15,000 false alarm. */
    private static double tolerance(double p, long n) {
        return Math.max(0.01, 4 * Math.sqrt(p * (1 - p) / Math.max(1, n)));
    }

    private static double wrongShareBelowThreshold(JsonNode scenario) {
        double low = scenario.path("confidence").path("wrongLow").asDouble();
        double high = scenario.path("confidence").path("wrongHigh").asDouble();
        return Math.clamp((0.695 - low) / (high - low), 0.0, 1.0);
    }

    /** Pass rate, share answered right, and share escalated, of a ladder on tier B. */
    private static double[] expectedPassRightEscalated(JsonNode scenario, List<String> ladder) {
        double q = wrongShareBelowThreshold(scenario);
        double pass = 0;
        double right = 0;
        double reaching = 1;
        double firstPass = 0;
        for (int i = 0; i < ladder.size(); i++) {
            JsonNode r = scenario.path("faults").path(ladder.get(i)).path("default");
            double w = r.path("wrong").asDouble();
            double others =
                    r.path("lowConfidence").asDouble()
                            + r.path("refusal").asDouble()
                            + r.path("truncation").asDouble()
                            + r.path("ruleViolation").asDouble();
            double passes = 1 - others - w * q;
            if (i == 0) {
                firstPass = passes;
            }
            pass += reaching * passes;
            right += reaching * (1 - others - w);
            reaching *= 1 - passes;
        }
        return new double[] {pass, right, ladder.size() > 1 ? 1 - firstPass : 0};
    }

    @Test
    void badWindowsAndUnknownTypesAreProblems() {
        var unknown = get("/v1/task-types/no-such-type/check-quality");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
        var reversed =
                get(
                        "/v1/task-types/lead-classification/check-quality?from=2026-11-30T00:00:00Z"
                                + "&to=2026-11-01T00:00:00Z");
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(body(reversed).path("errors").toString()).contains("from");
        var garbled = get("/v1/task-types/lead-classification/check-quality?to=yesterday");
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(body(garbled).path("errors").toString()).contains("to");
    }

    /** Until the simulator's truth is on record for every task of the type. */
    private void awaitTruthOfType(String type, long tasks) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from feedback f join task"
                                                                + " t on t.id = f.task_id where"
                                                                + " t.type = ?")
                                                .param(type)
                                                .query(Long.class)
                                                .single()
                                        == tasks);
    }

    private static JsonNode check(JsonNode rung, String name) {
        for (JsonNode check : rung.path("checks")) {
            if (check.path("check").asString().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + rung);
    }

    /** Per outcome: right answers, wrong answers, attempts without an answer. */
    private Map<String, long[]> recomputed(int rung, Instant from) {
        Map<String, long[]> counts = new HashMap<>();
        jdbc.sql(
                        """
                        select a.outcome,
                               count(*) filter (where x.answer is not null and x.answer @> f.correct),
                               count(*) filter (where x.answer is not null and not x.answer @> f.correct),
                               count(*) filter (where x.answer is null)
                          from task t
                          join feedback f on f.task_id = t.id
                          join attempt a on a.task_id = t.id
                         cross join lateral (select case when a.outcome = 'pass' then t.result
                                                         else a.detail->'answer' end as answer) x
                         where t.policy = ? and t.created_at >= ? and a.rung = ?
                         group by a.outcome\
                        """)
                .params(POLICY, java.sql.Timestamp.from(from), rung)
                .query(
                        rs -> {
                            counts.put(
                                    rs.getString(1),
                                    new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                        });
        return counts;
    }
}
