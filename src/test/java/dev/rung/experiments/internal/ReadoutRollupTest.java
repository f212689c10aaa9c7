package dev.rung.experiments.internal;

import static dev.rung.support.JsonNumbers.assertSameNumbers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Readouts come from rollups a trigger keeps as tasks finish. They must say exactly what a full
 * recomputation from the task and attempt rows says: with escalations, failures, provider errors,
 * cache hits, several tasks per subject, with and without cache hits, over several days, and after
 * a subject's erasure.
 */
class ReadoutRollupTest extends IntegrationTest {

    @Autowired ReadoutService readouts;

    @Autowired ExperimentLifecycle lifecycle;

    String experimentId;

    @AfterEach
    void stop() {
        if (experimentId != null) {
            post("/v1/experiments/" + experimentId + "/stop", "{}");
        }
        resetSimulator();
    }

    @Test
    void theRollupsSayWhatTheTaskRowsSay() {
        runExperiment();
        Experiment e = lifecycle.find(UUID.fromString(experimentId));

        for (boolean excludeCacheHits : new boolean[] {false, true}) {
            JsonNode fromRollups =
                    json.valueToTree(readouts.readout(e, e.timeZone(), excludeCacheHits));
            JsonNode fromRows =
                    json.valueToTree(readouts.recomputed(e, e.timeZone(), excludeCacheHits));
            assertSameNumbers(
                    "readout excludeCacheHits=" + excludeCacheHits, fromRollups, fromRows);
        }
        JsonNode readout = json.valueToTree(readouts.readout(e, e.timeZone(), false));
        assertThat(readout.path("arms").get(1).path("escalationRate").asDouble()).isPositive();
        assertThat(
                        readout.path("arms").get(0).path("cacheHits").asLong()
                                + readout.path("arms").get(1).path("cacheHits").asLong())
                .isPositive();
        assertThat(readout.path("arms").get(0).path("passRate").asDouble())
                .as("mini-only fails some checks")
                .isLessThan(1.0);
    }

    @Test
    void theIncrementalRollupsEqualARebuild() {
        runExperiment();
        List<Map<String, Object>> rollups = rows("readout_rollup");
        List<Map<String, Object>> latencies = rows("readout_latency");
        List<Map<String, Object>> subjects = rows("readout_subject");

        jdbc.sql("select readout_rollup_rebuild(?::uuid)").param(experimentId).query().listOfRows();

        assertThat(rows("readout_rollup")).isEqualTo(rollups);
        assertThat(rows("readout_latency")).isEqualTo(latencies);
        assertThat(rows("readout_subject")).isEqualTo(subjects);
        assertThat(rollups).hasSize(8); // 2 arms x 2 scopes x (whole experiment + 1 day)
    }

    @Test
    void daysAndErasureStayEqualToTheTaskRows() {
        runExperiment();
        // Spread the tasks over three days, as a long-running experiment would have them, and
        // rebuild.
        jdbc.sql(
                        "update task set created_at = created_at - (abs(hashtext(id::text)) % 3) *"
                                + " interval '1 day' where experiment_id = ?::uuid")
                .param(experimentId)
                .update();
        jdbc.sql("select readout_rollup_rebuild(?::uuid)").param(experimentId).query().listOfRows();
        assertThat(delete("/v1/subjects/" + subject(3)).statusCode()).isEqualTo(200);
        Experiment e = lifecycle.find(UUID.fromString(experimentId));

        JsonNode fromRollups = json.valueToTree(readouts.readout(e, e.timeZone(), false));
        assertThat(fromRollups.path("days")).hasSize(3);
        assertSameNumbers(
                "three days",
                fromRollups,
                json.valueToTree(readouts.recomputed(e, e.timeZone(), false)));
        JsonNode otherZone = json.valueToTree(readouts.readout(e, "Pacific/Kiritimati", false));
        assertSameNumbers(
                "another time zone",
                otherZone,
                json.valueToTree(readouts.recomputed(e, "Pacific/Kiritimati", false)));
    }

    /**
     * 40 subjects with one to four field extractions each; some forms repeat, so the response cache
     * answers them. The simulator's faults follow from each request's content, and the forms differ
     * per run: mini fails half its answers, so that the control arm has failures in any run (all of
     * its dozen or so calls passing is a 1-in-4000 chance).
     */
    private void runExperiment() {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                                Map.of(
                                        "ruleViolation",
                                        0.2,
                                        "lowConfidence",
                                        0.1,
                                        "serverError",
                                        0.05),
                        "gpt-5.4-mini", Map.of("ruleViolation", 0.5)));
        experimentId =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"rollups","taskType":"field-extraction","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                                """))
                        .path("id")
                        .asString();
        post("/v1/experiments/" + experimentId + "/start", "{}");
        String batch = experimentId.substring(0, 8);
        for (int subject = 0; subject < 40; subject++) {
            for (int task = 0; task <= subject % 4; task++) {
                post(
                        "/v1/tasks/field-extraction",
                        """
                        {"subjectId":"%s","form":{"fields":{"Company":"Rollup %s %d","Country":"DE"}}}\
                        """
                                .formatted(subject(subject), batch, (subject * 7 + task) % 25));
            }
        }
    }

    private String subject(int n) {
        return "rollup-" + experimentId.substring(0, 8) + "-" + n;
    }

    private List<Map<String, Object>> rows(String table) {
        String order =
                table.equals("readout_subject")
                        ? "arm, scope, day, subject_id"
                        : table.equals("readout_latency")
                                ? "arm, scope, day, latency_ms"
                                : "arm, scope, day";
        return jdbc.sql(
                        "select * from "
                                + table
                                + " where experiment_id = ?::uuid order by "
                                + order)
                .param(experimentId)
                .query()
                .listOfRows();
    }
}
