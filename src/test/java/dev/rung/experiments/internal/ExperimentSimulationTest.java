package dev.rung.experiments.internal;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A documented simulation, not a unit test: {@code ./mvnw -Psimulation verify}. Runs an A/A and an
 * A/B experiment on the simulator, prints their readouts, then estimates how often the stop-loss
 * fires in A/A experiments (it should be about α or less) by replaying the stop-loss rules over
 * many simulated runs.
 */
@Tag("simulation")
class ExperimentSimulationTest extends IntegrationTest {

    static final int TASKS = 1000;
    static final int AA_RUNS = 2000;

    @Test
    void simulate() throws Exception {
        System.out.println("\n=== A/A: nano-first against itself, nano failing 15% of checks ===");
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("ruleViolation", 0.05, "refusal", 0.05, "lowConfidence", 0.05)));
        print(runExperiment("nano-first", "nano-first"));
        System.out.println(
                "\n"
                    + "=== A/B: mini-only (control) against nano-first (treatment), nano failing"
                    + " 15% ===");
        print(runExperiment("mini-only", "nano-first"));
        resetSimulator();
        falseAlarmRate();
    }

    private JsonNode runExperiment(String control, String treatment) throws Exception {
        var created =
                body(
                        post(
                                "/v1/experiments",
                                """
                                {"name":"simulation","taskType":"lead-classification","controlPolicy":"%s","treatmentPolicy":"%s",
                                 "stopLoss":{"period":"PT2S","minSamplePerArm":100}}\
                                """
                                        .formatted(control, treatment)));
        String id = created.path("id").asString();
        post("/v1/experiments/" + id + "/start", "{\"actor\":\"simulation\"}");
        String batch = UUID.randomUUID().toString().substring(0, 8);
        Semaphore inFlight = new Semaphore(32);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < TASKS; i++) {
                String lead =
                        """
                        {"subjectId":"%s-%d","lead":{"email":"p%d@firm%d.com","company":"Firm %d","title":"Director",
                         "companySize":%d,"message":"Pricing for %d seats?"}}\
                        """
                                .formatted(batch, i, i, i, i, 20 + i, i);
                executor.submit(
                        () -> {
                            inFlight.acquire();
                            try {
                                return post("/v1/tasks/lead-classification", lead).statusCode();
                            } finally {
                                inFlight.release();
                            }
                        });
            }
        }
        Thread.sleep(2500);
        JsonNode readout = body(get("/v1/experiments/" + id + "/readout"));
        post("/v1/experiments/" + id + "/stop", "{\"actor\":\"simulation\"}");
        return readout;
    }

    private static void print(JsonNode readout) {
        System.out.printf(
                "%-10s %-11s %6s %8s %12s %14s %9s %10s %10s%n",
                "arm",
                "policy",
                "tasks",
                "passRate",
                "costUsd",
                "costPerSuccess",
                "p95ms",
                "escalation",
                "schemaErr");
        for (JsonNode arm : readout.path("arms")) {
            System.out.printf(
                    "%-10s %-11s %6d %8.4f %12s %14s %9.1f %10.4f %10.4f%n",
                    arm.path("arm").asString(),
                    arm.path("policy").asString(),
                    arm.path("tasks").asLong(),
                    arm.path("passRate").asDouble(),
                    arm.path("costUsd").decimalValue().toPlainString(),
                    arm.path("costPerSuccessUsd").decimalValue().toPlainString(),
                    arm.path("p95LatencyMs").asDouble(),
                    arm.path("escalationRate").asDouble(),
                    arm.path("schemaErrorRate").asDouble());
        }
        for (JsonNode comparison : readout.path("comparisons")) {
            JsonNode relative = comparison.path("relative");
            System.out.printf(
                    "%-15s relative %+.4f  95%% CI [%+.4f, %+.4f]  p=%.4g%n",
                    comparison.path("metric").asString(),
                    relative.path("estimate").asDouble(),
                    relative.path("ciLow").asDouble(),
                    relative.path("ciHigh").asDouble(),
                    relative.path("pValue").asDouble());
        }
        System.out.printf(
                "SRM p=%.4g flagged=%s; stop-loss %s%n",
                readout.path("srm").path("pValue").asDouble(),
                readout.path("srm").path("flagged").asBoolean(),
                readout.path("stopLoss").path("state").asString());
    }

    /**
     * Many A/A experiments, each judged at 14 daily boundaries with 300 new tasks per arm per day,
     * pass rate 0.97 and escalation rate 0.15 in both arms: the share of experiments the stop-loss
     * ever pauses.
     */
    private static void falseAlarmRate() {
        var settings =
                new Experiment.StopLossSettings(
                        new BigDecimal("0.02"),
                        2,
                        new BigDecimal("0.30"),
                        200,
                        Duration.ofDays(1),
                        new BigDecimal("0.05"),
                        null,
                        0);
        var random = new SplittableRandom(2026);
        int fired = 0;
        List<String> rules = new ArrayList<>();
        for (int run = 0; run < AA_RUNS; run++) {
            var control = new ReadoutQueries.ArmAggregate(ExperimentArm.CONTROL, null);
            var treatment = new ReadoutQueries.ArmAggregate(ExperimentArm.TREATMENT, null);
            long inARow = 0;
            for (int day = 1; day <= 14; day++) {
                addDay(control, 300, random);
                addDay(treatment, 300, random);
                var verdict =
                        StopLossRules.judge(
                                control,
                                treatment,
                                StopLossRules.Reviewed.NONE,
                                StopLossRules.Reviewed.NONE,
                                settings,
                                inARow);
                inARow = verdict.passRateBreachedInARow();
                if (verdict.firedRule() != null) {
                    fired++;
                    rules.add(verdict.firedRule());
                    break;
                }
            }
        }
        System.out.printf(
                "%n=== Stop-loss in %d simulated A/A experiments (14 periods, 300 tasks/arm/period)"
                        + " ===%n",
                AA_RUNS);
        System.out.printf(
                "fired in %d (%.2f%%), alpha = 5%%; rules: %s%n",
                fired, 100.0 * fired / AA_RUNS, rules);
    }

    private static void addDay(
            ReadoutQueries.ArmAggregate arm, int tasks, SplittableRandom random) {
        for (int i = 0; i < tasks; i++) {
            boolean pass = random.nextDouble() < 0.97;
            arm.subjects++;
            arm.tasks++;
            arm.subjectTasks[0]++;
            arm.subjectTasks[1]++;
            if (pass) {
                arm.successes++;
                arm.subjectSuccesses[0]++;
                arm.subjectSuccesses[1]++;
                arm.subjectSuccesses[2]++;
            }
            if (random.nextDouble() < 0.15) {
                arm.escalated++;
            }
        }
    }
}
