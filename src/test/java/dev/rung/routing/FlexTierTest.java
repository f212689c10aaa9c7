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

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A policy with flex on: tasks that can wait go on the flex tier at batch prices; one that finds no
 * flex capacity goes again on the standard tier at once, priced at the standard price; a caller
 * waiting for its answer is never sent on flex.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class FlexTierTest extends ServiceClient {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void flexOnNanoFirst(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("rung.routing.policies.nano-first.flex", () -> "true");
        // Reruns of this deployment stay on the standard tier: flex is chosen per source too.
        registry.add("rung.routing.flex.sources.replay", () -> "false");
    }

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aTaskThatCanWaitGoesOnFlexAtBatchPrices() {
        simulatorFaults(Map.of());
        flexCapacityMiss(0);

        JsonNode task = queued(UUID.randomUUID().toString());

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        JsonNode attempt = task.path("attempts").get(0);
        assertThat(attempt.path("serviceTier").asString()).isEqualTo("flex");
        assertThat(attempt.path("costUsd").decimalValue())
                .isEqualByComparingTo(priced(attempt, "0.10", "0.01", "0.625"));
        assertThat(body(get("/v1/spend?days=1")).valueStream())
                .as("spend is kept apart per service tier")
                .anySatisfy(
                        row -> {
                            assertThat(row.path("model").asString()).isEqualTo("gpt-5.4-nano");
                            assertThat(row.path("serviceTier").asString()).isEqualTo("flex");
                            assertThat(row.path("costUsd").decimalValue()).isPositive();
                        });
    }

    @Test
    void aFlexCallWithoutCapacityGoesAgainOnTheStandardTierPricedThere() {
        simulatorFaults(Map.of());
        flexCapacityMiss(1.0);

        JsonNode task = queued(UUID.randomUUID().toString());

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        List<JsonNode> attempts = task.path("attempts").valueStream().toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("outcome").asString()).isEqualTo("capacity_unavailable");
        assertThat(attempts.get(0).path("serviceTier").asString()).isEqualTo("flex");
        assertThat(attempts.get(0).path("costUsd").decimalValue()).isZero();
        assertThat(attempts.get(0).path("detail").path("next").asString())
                .isEqualTo("retry_same_rung");
        JsonNode standard = attempts.get(1);
        assertThat(standard.path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(standard.path("serviceTier").asString()).isEqualTo("default");
        assertThat(standard.path("costUsd").decimalValue())
                .isEqualByComparingTo(priced(standard, "0.20", "0.02", "1.25"));
        assertThat(task.path("costUsd").decimalValue())
                .isEqualByComparingTo(standard.path("costUsd").decimalValue());
    }

    @Test
    void aCallerWaitingForTheAnswerIsNeverSentOnFlex() {
        simulatorFaults(Map.of());
        flexCapacityMiss(0);

        JsonNode task =
                body(post("/v1/tasks/lead-classification", ExperimentsTest.lead("sync", 1)));

        assertThat(task.path("attempts").get(0).path("serviceTier").asString())
                .isEqualTo("default");
    }

    @Test
    void aSourceKeptOffFlexStaysOnTheStandardTier() {
        simulatorFaults(Map.of());
        flexCapacityMiss(0);
        java.time.Instant from = java.time.Instant.now();
        JsonNode served = queued(UUID.randomUUID().toString());
        assertThat(served.path("attempts").get(0).path("serviceTier").asString()).isEqualTo("flex");

        var replay =
                post(
                        "/v1/replays",
                        """
                        {"taskType":"lead-classification","policy":"nano-first","tier":"B","from":"%s","to":"%s","spendCapUsd":1}\
                        """
                                .formatted(from, java.time.Instant.now()));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        String id = body(replay).path("id").asString();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                body(get("/v1/replays/" + id))
                                        .path("status")
                                        .asString()
                                        .equals("completed"));
        String rerun =
                jdbc.sql("select task_id::text from replay_task where replay_id = ?::uuid")
                        .param(id)
                        .query(String.class)
                        .single();
        assertThat(
                        body(get("/v1/tasks/" + rerun))
                                .path("attempts")
                                .get(0)
                                .path("serviceTier")
                                .asString())
                .isEqualTo("default");
    }

    private void flexCapacityMiss(double share) {
        var response =
                put(
                        "/v1/admin/simulator/scenario/flex",
                        "{\"slowdown\":1.0,\"capacityMiss\":" + share + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode queued(String batch) {
        var accepted =
                post("/v1/tasks/lead-classification?mode=async", ExperimentsTest.lead(batch, 1));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = body(accepted).path("taskId").asString();
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> body(get("/v1/tasks/" + id)),
                        t -> t.path("status").asString().matches("succeeded|failed"));
    }

    /** The attempt's tokens at the given USD per 1M input, cached input and output tokens. */
    private static BigDecimal priced(
            JsonNode attempt, String input, String cachedInput, String output) {
        JsonNode tokens = attempt.path("tokens");
        long cached = tokens.path("cachedInput").asLong();
        return new BigDecimal(input)
                .multiply(BigDecimal.valueOf(tokens.path("input").asLong() - cached))
                .add(new BigDecimal(cachedInput).multiply(BigDecimal.valueOf(cached)))
                .add(
                        new BigDecimal(output)
                                .multiply(BigDecimal.valueOf(tokens.path("output").asLong())))
                .divide(BigDecimal.valueOf(1_000_000), 9, RoundingMode.HALF_UP);
    }
}
