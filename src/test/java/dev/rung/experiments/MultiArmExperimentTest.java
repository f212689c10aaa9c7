package dev.rung.experiments;

import static dev.rung.support.Readouts.arm;
import static dev.rung.support.Readouts.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A control and two treatments: shares, sticky arms, corrected comparisons, stop-loss per arm. */
class MultiArmExperimentTest extends IntegrationTest {

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void stopExperimentsAndResetTheSimulator() {
        created.forEach(id -> post("/v1/experiments/" + id + "/stop", "{}"));
        resetSimulator();
    }

    @Test
    void threeArmsShareTheSubjectsAndEachTreatmentIsComparedWithControlAtACorrectedLevel()
            throws Exception {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano", Map.of("ruleViolation", 0.3),
                        "gpt-5.4-mini", Map.of("ruleViolation", 0.02)));
        String id =
                create(
                        """
                        {"name":"three","taskType":"lead-classification","controlPolicy":"mini-only",
                         "treatments":[{"policy":"nano-first","share":0.25},{"arm":"mini-ladder","policy":"mini-first","share":0.25}],
                         "stopLoss":{"minSamplePerArm":1000000}}\
                        """);
        JsonNode experiment = body(get("/v1/experiments/" + id));
        assertThat(experiment.path("arms").valueStream().map(a -> a.path("arm").asString()))
                .containsExactly("control", "nano-first", "mini-ladder");
        assertThat(experiment.path("arms").get(0).path("share").asDouble()).isEqualTo(0.5);
        post("/v1/experiments/" + id + "/start", "{}");

        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> tasks = leads(batch, 0, 800);
        Map<String, Long> byArm =
                tasks.stream()
                        .collect(
                                Collectors.groupingBy(
                                        t ->
                                                t.path("route")
                                                        .path("experiment")
                                                        .path("arm")
                                                        .asString(),
                                        Collectors.counting()));
        // Binomial sd of a 0.25 share of 800 is about 12: five sd either way.
        assertThat(byArm.get("control")).isBetween(340L, 460L);
        assertThat(byArm.get("nano-first")).isBetween(140L, 260L);
        assertThat(byArm.get("mini-ladder")).isBetween(140L, 260L);
        assertThat(tasks)
                .allSatisfy(
                        t -> {
                            String arm = t.path("route").path("experiment").path("arm").asString();
                            String policy = t.path("route").path("policy").asString();
                            assertThat(policy)
                                    .isEqualTo(
                                            switch (arm) {
                                                case "control" -> "mini-only";
                                                case "nano-first" -> "nano-first";
                                                default -> "mini-first";
                                            });
                        });

        JsonNode readout = body(get("/v1/experiments/" + id + "/readout"));
        assertThat(readout.path("arms").valueStream().map(a -> a.path("arm").asString()))
                .containsExactly("control", "nano-first", "mini-ladder");
        assertThat(readout.path("srm").path("subjects").size()).isEqualTo(3);
        assertThat(readout.path("srm").path("flagged").asBoolean()).isFalse();
        Set<String> compared =
                readout.path("comparisons")
                        .valueStream()
                        .map(c -> c.path("arm").asString())
                        .collect(Collectors.toSet());
        assertThat(compared).containsExactlyInAnyOrder("nano-first", "mini-ladder");
        assertThat(readout.path("comparisons"))
                .allSatisfy(c -> assertThat(c.path("confidence").asDouble()).isEqualTo(0.975));
        JsonNode passRate = comparison(readout, "nano-first", "passRate").path("absolute");
        assertThat(arm(readout, "nano-first").path("escalationRate").asDouble())
                .as("nano fails its rule 30% of the time and climbs")
                .isGreaterThan(
                        arm(readout, "mini-ladder").path("escalationRate").asDouble() + 0.15);
        assertThat(
                        readout.path("effectOverTime")
                                .valueStream()
                                .map(p -> p.path("arm").asString())
                                .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("nano-first", "mini-ladder");
        assertThat(readout.path("effectOverTime").get(0).path("hour").isInt())
                .as("an experiment's first days are drawn by the hour")
                .isTrue();
        JsonNode lastNano =
                readout.path("effectOverTime")
                        .valueStream()
                        .filter(
                                p ->
                                        p.path("arm").asString().equals("nano-first")
                                                && p.path("metric").asString().equals("passRate"))
                        .reduce((first, second) -> second)
                        .orElseThrow();
        assertThat(lastNano.path("ciLow").asDouble())
                .isCloseTo(passRate.path("ciLow").asDouble(), within(1e-12));
    }

    @Test
    void theStopLossPausesOnlyTheTreatmentThatBreaksItsRule() throws Exception {
        // Nine nano answers in ten climb: on about 100 tasks the escalation rate's corrected lower
        // bound stays well above the 0.3 ceiling whatever the subjects drawn (at 0.7 it could fall
        // under it).
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano", Map.of("ruleViolation", 0.9),
                        "gpt-5.4-mini", Map.of()));
        String id =
                create(
                        """
                        {"name":"per-arm","taskType":"lead-classification","controlPolicy":"mini-only",
                         "treatments":[{"policy":"nano-first"},{"policy":"mini-first"}],
                         "stopLoss":{"escalationCeiling":0.3,"minSamplePerArm":40}}\
                        """);
        post("/v1/experiments/" + id + "/start", "{}");
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> tasks = leads(batch, 0, 300);

        JsonNode evaluation = body(post("/v1/experiments/" + id + "/stop-loss/evaluate", "{}"));
        assertThat(evaluation.path("arms").path("nano-first").path("firedRule").asString())
                .as(evaluation.toString())
                .isEqualTo("escalation_rate");
        assertThat(evaluation.path("arms").path("mini-first").path("firedRule").isNull()).isTrue();

        JsonNode experiment = body(get("/v1/experiments/" + id));
        assertThat(experiment.path("status").asString()).isEqualTo("running");
        assertThat(
                        experiment
                                .path("arms")
                                .valueStream()
                                .filter(a -> a.path("paused").asBoolean())
                                .map(a -> a.path("arm").asString()))
                .containsExactly("nano-first");
        assertThat(experiment.path("events").valueStream().map(e -> e.path("kind").asString()))
                .contains("arm_paused");

        // The same subjects again: the paused arm's are served the control policy outside the
        // experiment; the others keep their arms.
        List<JsonNode> again = leads(batch, 0, 300);
        for (int i = 0; i < tasks.size(); i++) {
            String arm = tasks.get(i).path("route").path("experiment").path("arm").asString();
            JsonNode route = again.get(i).path("route");
            if (arm.equals("nano-first")) {
                assertThat(route.path("policy").asString()).isEqualTo("mini-only");
                assertThat(
                                route.path("experiment").isMissingNode()
                                        || route.path("experiment").isNull())
                        .isTrue();
            } else {
                assertThat(route.path("experiment").path("arm").asString()).isEqualTo(arm);
            }
        }

        post("/v1/experiments/" + id + "/resume", "{\"reason\":\"fixed the prompt\"}");
        assertThat(
                        body(get("/v1/experiments/" + id))
                                .path("arms")
                                .valueStream()
                                .noneMatch(a -> a.path("paused").asBoolean()))
                .isTrue();
    }

    @Test
    void armsThatCannotBeRunAreRefused() {
        String base =
                "{\"name\":\"x\",\"taskType\":\"lead-classification\",\"controlPolicy\":\"mini-only\",";
        for (String bad :
                List.of(
                        "\"treatmentPolicy\":\"nano-first\",\"treatments\":[{\"policy\":\"mini-first\"}]}",
                        "\"treatments\":[{\"policy\":\"nano-first\"},{\"policy\":\"nano-first\"}]}",
                        "\"treatments\":[{\"policy\":\"nano-first\",\"arm\":\"control\"}]}",
                        "\"treatments\":[{\"policy\":\"nano-first\",\"share\":0.6},{\"policy\":\"mini-first\",\"share\":0.4}]}",
                        "\"treatments\":[{\"policy\":\"nano-first\",\"share\":0.3},{\"policy\":\"mini-first\"}]}",
                        "\"treatments\":[{\"policy\":\"cheapest\"}]}",
                        "\"treatments\":[{\"policy\":\"nano-first\",\"arm\":\"Not An Arm\"}]}",
                        "\"treatments\":[]}",
                        "}")) {
            var response = post("/v1/experiments", base + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type").orElseThrow())
                    .startsWith("application/problem+json");
        }
    }

    private List<JsonNode> leads(String batch, int from, int to) throws Exception {
        return postAll(
                "/v1/tasks/lead-classification",
                IntStream.range(from, to).mapToObj(i -> ExperimentsTest.lead(batch, i)).toList());
    }

    private String create(String body) {
        var response = post("/v1/experiments", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = body(response).path("id").asString();
        created.add(id);
        return id;
    }
}
