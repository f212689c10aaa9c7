package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

/**
 * The dashboard's spend page reads /v1/spend: the analysts' cost_by_model_day numbers, with the
 * provider marked.
 */
class SpendApiTest extends IntegrationTest {

    @Test
    void spendPerDayModelAndTaskTypeMatchesTheAnalystView() {
        simulatorFaults(Map.of());
        var task =
                body(
                        post(
                                "/v1/tasks/ticket-tagging",
                                """
                                {"subjectId":"spend-%s","ticket":{"subject":"Refund","body":"I was charged twice for my plan."}}\
                                """
                                        .formatted(UUID.randomUUID())));
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        resetSimulator();

        JsonNode rows = body(get("/v1/spend?days=1"));
        var tagging =
                rows.valueStream()
                        .filter(r -> r.path("taskType").asString().equals("ticket-tagging"))
                        .toList();
        assertThat(tagging)
                .isNotEmpty()
                .allSatisfy(
                        row -> {
                            assertThat(row.path("simulated").asBoolean()).isTrue();
                            assertThat(row.path("attempts").asLong()).isPositive();
                            BigDecimal viewCost =
                                    jdbc.sql(
                                                    """
                                                    select sum(cost_usd) from cost_by_model_day
                                                     where day = (now() at time zone 'UTC')::date and model = ? and task_type = 'ticket-tagging'\
                                                    """)
                                            .param(row.path("model").asString())
                                            .query(BigDecimal.class)
                                            .single();
                            assertThat(row.path("costUsd").decimalValue())
                                    .isEqualByComparingTo(viewCost);
                        });
    }

    @Test
    void aRangeOutsideOneToAYearIsAProblem() {
        for (String days : new String[] {"0", "367", "-3"}) {
            var response = get("/v1/spend?days=" + days);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("application/problem+json");
            assertThat(body(response).path("errors").get(0).path("field").asString())
                    .isEqualTo("days");
        }
        assertThat(get("/v1/spend?days=many").statusCode()).isEqualTo(400);
    }

    @Test
    void spendNeedsAReadoutsKey() {
        var anonymous = send(HttpRequest.newBuilder(uri("/v1/spend")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
