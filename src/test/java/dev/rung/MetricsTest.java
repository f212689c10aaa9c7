package dev.rung;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

/** Operators scrape Prometheus metrics tagged by model, task type, tier and arm. */
class MetricsTest extends IntegrationTest {

    @Test
    void tasksAttemptsTokensCostAndBreakersAreExported() {
        post(
                "/v1/tasks/ticket-tagging",
                """
                {"subjectId":"m-1","ticket":{"subject":"Cannot log in","body":"Password reset link never arrives"}}\
                """);

        String scrape = get("/actuator/prometheus").body();

        assertThat(scrape)
                .contains(
                        "rung_tasks_total{",
                        "rung_attempts_total{",
                        "rung_tokens_total{",
                        "rung_cost_usd_total{",
                        "rung_attempt_latency_seconds_bucket{",
                        "rung_limiter_wait_seconds",
                        "resilience4j_circuitbreaker_state");
        assertThat(scrape)
                .containsPattern(
                        "rung_attempts_total\\{arm=\"none\",model=\"gpt-5\\.4-nano\",outcome=\"[a-z_]+\",task_type=\"ticket-tagging\",tier=\"B\"}");
    }
}
