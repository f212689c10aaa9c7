package dev.rung.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SQL in docs/analytics.md recomputes the readout's numbers from the task and attempt rows. */
class AnalyticsQueriesTest extends IntegrationTest {

    String experimentId;

    @AfterEach
    void stop() {
        if (experimentId != null) {
            post("/v1/experiments/" + experimentId + "/stop", "{}");
        }
        resetSimulator();
    }

    @Test
    void theDocumentedQueriesReproduceTheReadout() throws IOException {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("ruleViolation", 0.1, "lowConfidence", 0.1, "rateLimited", 0.05)));
        experimentId =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"analytics","taskType":"lead-classification","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                                """))
                        .path("id")
                        .asString();
        post("/v1/experiments/" + experimentId + "/start", "{}");
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 120; i++) {
            post("/v1/tasks/lead-classification", ExperimentsTest.lead(batch, i % 100));
        }
        JsonNode readout = body(get("/v1/experiments/" + experimentId + "/readout"));
        Map<String, String> queries = documentedQueries();

        List<Map<String, Object>> arms = run(queries.get("arms"));
        List<Map<String, Object>> attempts = run(queries.get("attempts"));
        List<Map<String, Object>> days = run(queries.get("days"));

        for (int i = 0; i < 2; i++) {
            JsonNode arm = readout.path("arms").get(i);
            Map<String, Object> sql = arms.get(i);
            assertThat(sql.get("arm")).isEqualTo(arm.path("arm").asString());
            assertThat(number(sql, "subjects")).isEqualTo(arm.path("subjects").asDouble());
            assertThat(number(sql, "tasks")).isEqualTo(arm.path("tasks").asDouble());
            assertThat(number(sql, "successes")).isEqualTo(arm.path("successes").asDouble());
            assertThat(number(sql, "pass_rate"))
                    .isCloseTo(arm.path("passRate").asDouble(), within(1e-9));
            assertThat((BigDecimal) sql.get("cost_usd"))
                    .isEqualByComparingTo(arm.path("costUsd").decimalValue());
            assertThat(number(sql, "cost_per_success_usd"))
                    .isCloseTo(arm.path("costPerSuccessUsd").asDouble(), within(1e-9));
            assertThat(number(sql, "p95_latency_ms"))
                    .isCloseTo(arm.path("p95LatencyMs").asDouble(), within(1e-6));
            assertThat(number(sql, "escalation_rate"))
                    .isCloseTo(arm.path("escalationRate").asDouble(), within(1e-9));
            assertThat(number(attempts.get(i), "schema_error_rate"))
                    .isCloseTo(arm.path("schemaErrorRate").asDouble(), within(1e-9));
            assertThat(number(attempts.get(i), "provider_error_rate"))
                    .isCloseTo(arm.path("providerErrorRate").asDouble(), within(1e-9));
            assertThat(number(days.get(i), "escalation_rate"))
                    .isCloseTo(
                            readout.path("days")
                                    .get(0)
                                    .path("arms")
                                    .get(i)
                                    .path("escalationRate")
                                    .asDouble(),
                            within(1e-9));
        }
        assertThat(number(arms.get(1), "escalation_rate")).isPositive();
        assertThat(run(queries.get("subjects"))).hasSize(2);
    }

    private List<Map<String, Object>> run(String sql) {
        return jdbc.sql(sql.replace(":experiment_id", "'" + experimentId + "'::uuid"))
                .query()
                .listOfRows();
    }

    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }

    private static Map<String, String> documentedQueries() throws IOException {
        Matcher blocks =
                Pattern.compile("```sql\\n-- readout: (\\w+)\\n(.*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(Path.of("docs/analytics.md")));
        Map<String, String> queries = new HashMap<>();
        while (blocks.find()) {
            queries.put(blocks.group(1), blocks.group(2).strip().replaceAll(";$", ""));
        }
        return queries;
    }
}
