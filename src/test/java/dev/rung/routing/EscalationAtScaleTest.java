package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * With nano failing a fifth of its checks, about a fifth of the tasks climb to mini, and nothing is
 * lost.
 */
class EscalationAtScaleTest extends IntegrationTest {

    static final int TASKS = 1000;

    @AfterEach
    void configuredModels() {
        resetSimulator();
    }

    @Test
    void aboutAFifthOfTheLeadsEscalateWhenNanoFailsAFifthOfItsChecks() throws Exception {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("ruleViolation", 0.1, "truncation", 0.05, "lowConfidence", 0.05)));
        String batch = UUID.randomUUID().toString();
        Semaphore inFlight = new Semaphore(32);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < TASKS; i++) {
                String lead =
                        """
                        {"subjectId":"%s-%d","lead":{"email":"person%d@company%d.com","company":"Company %d",
                         "companySize":%d,"message":"Looking at options %d"}}\
                        """
                                .formatted(batch, i, i, i, i, 10 + i, i);
                statuses.add(
                        executor.submit(
                                () -> {
                                    inFlight.acquire();
                                    try {
                                        return post("/v1/tasks/lead-classification", lead)
                                                .statusCode();
                                    } finally {
                                        inFlight.release();
                                    }
                                }));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }

        Map<String, Object> totals =
                jdbc.sql(
                                """
                                select count(*) as tasks,
                                       count(*) filter (where t.attempt_count > 1) as escalated,
                                       count(*) filter (where t.status = 'succeeded') as succeeded,
                                       count(*) filter (where t.attempt_count <> (select count(*) from attempt a where a.task_id = t.id)) as lost,
                                       count(*) filter (where t.cost_usd <> (select sum(a.cost_usd) from attempt a where a.task_id = t.id)) as miscosted,
                                       count(*) filter (where t.attempt_count > 1 and (select a.model_requested from attempt a
                                                        where a.task_id = t.id and a.seq = 2) <> 'gpt-5.4-mini') as wrongly_escalated
                                from task t where t.subject_id like ?\
                                """)
                        .param(batch + "-%")
                        .query()
                        .singleRow();

        assertThat(((Number) totals.get("tasks")).intValue()).isEqualTo(TASKS);
        assertThat(((Number) totals.get("succeeded")).intValue()).isEqualTo(TASKS);
        // 20% expected, drawn at random per call: 0.05 is four standard errors at 1,000 tasks, so a
        // correct build
        // fails by chance about once in 16,000 runs.
        assertThat(((Number) totals.get("escalated")).doubleValue() / TASKS)
                .isCloseTo(0.20, within(0.05));
        assertThat(((Number) totals.get("lost")).intValue()).isZero();
        assertThat(((Number) totals.get("miscosted")).intValue()).isZero();
        assertThat(((Number) totals.get("wrongly_escalated")).intValue()).isZero();
    }
}
