package dev.rung;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.ServiceClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * A model with no price (possible only with {@code rung.routing.require-prices=false}) is never
 * counted as free: its attempts and tasks have no cost, spend lists them as unpriced, budgets count
 * them, and a readout leaves the arm's cost unknown instead of making it look cheap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class UnpricedModelTest extends ServiceClient {

    private static final int PORT = freePort();
    private static final String UNPRICED = "gpt-5.5-preview";

    private String experimentId;

    @DynamicPropertySource
    static void unpricedModel(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("rung.routing.require-prices", () -> "false");
        registry.add("rung.routing.models.[" + UNPRICED + "].reasoning-effort", () -> "none");
        registry.add("rung.routing.policies.preview-only.ladder[0]", () -> UNPRICED);
        registry.add("rung.budgets.global", () -> "100");
    }

    @AfterEach
    void stop() {
        if (experimentId != null) {
            post("/v1/experiments/" + experimentId + "/stop", "{}");
        }
    }

    @Test
    void callsWithoutAPriceAreCountedAndFlaggedNeverSummedAsZero() {
        experimentId =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"unpriced","taskType":"ticket-tagging","controlPolicy":"mini-only","treatmentPolicy":"preview-only"}\
                                """))
                        .path("id")
                        .asString();
        assertThat(post("/v1/experiments/" + experimentId + "/start", "{}").statusCode())
                .isEqualTo(200);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        JsonNode unpricedTask = null;
        for (int n = 0; n < 40; n++) {
            JsonNode task =
                    body(
                            post(
                                    "/v1/tasks/ticket-tagging",
                                    """
                                    {"subjectId":"unpriced-%s-%d","ticket":{"subject":"Invoice %d is wrong","body":"We were billed twice."}}\
                                    """
                                            .formatted(batch, n, n)));
            if (task.path("route").path("experiment").path("arm").asString().equals("treatment")) {
                unpricedTask = task;
            }
        }
        assertThat(unpricedTask).as("a task ran on the treatment arm").isNotNull();
        assertThat(unpricedTask.path("costUsd").isNull()).isTrue();
        assertThat(unpricedTask.path("attempts").get(0).path("costUsd").isNull()).isTrue();

        JsonNode readout = body(get("/v1/experiments/" + experimentId + "/readout"));
        JsonNode control = readout.path("arms").get(0);
        JsonNode treatment = readout.path("arms").get(1);
        assertThat(control.path("unpricedTasks").asLong()).isZero();
        assertThat(control.path("costUsd").isNumber()).isTrue();
        assertThat(treatment.path("unpricedTasks").asLong())
                .isEqualTo(treatment.path("tasks").asLong())
                .isPositive();
        assertThat(treatment.path("costUsd").isNull()).isTrue();
        assertThat(treatment.path("costPerSuccessUsd").isNull()).isTrue();
        assertThat(readout.path("comparisons").valueStream().map(c -> c.path("metric").asString()))
                .contains("passRate")
                .doesNotContain("costPerSuccess");

        JsonNode spend = body(get("/v1/spend?days=1"));
        JsonNode preview =
                spend.valueStream()
                        .filter(row -> row.path("model").asString().equals(UNPRICED))
                        .findFirst()
                        .orElseThrow();
        assertThat(preview.path("unpricedAttempts").asLong())
                .isEqualTo(preview.path("attempts").asLong())
                .isPositive();
        assertThat(preview.path("costUsd").isNull()).isTrue();

        JsonNode global =
                body(get("/v1/budgets"))
                        .valueStream()
                        .filter(budget -> budget.path("scope").asString().equals("global"))
                        .findFirst()
                        .orElseThrow();
        assertThat(global.path("unpricedCalls").asLong())
                .isGreaterThanOrEqualTo(preview.path("attempts").asLong());
    }
}
