package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepted work survives: queued tasks wait for workers, and a dead worker's task is taken over.
 */
class QueueDurabilityTest extends IntegrationTest {

    @Autowired ApplicationContext context;

    @Test
    void queuedTasksAreProcessedExactlyOnceWhenWorkersComeBack() throws Exception {
        simulatorFaults(Map.of());
        Lifecycle workers = (Lifecycle) context.getBean("queueWorkers");
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        workers.stop();
        try {
            for (int i = 0; i < 20; i++) {
                var response =
                        post(
                                "/v1/tasks/lead-classification?mode=async",
                                """
                                {"subjectId":"%s-%d","lead":{"email":"q%d@queue.example","message":"Pricing?"}}\
                                """
                                        .formatted(batch, i, i));
                assertThat(response.statusCode()).isEqualTo(202);
                ids.add(body(response).path("taskId").asString());
            }
            assertThat(statuses(batch)).containsOnlyKeys("queued");
            // Five of them were taken by a worker that died: running, with a lease that has run
            // out.
            jdbc.sql(
                            "update task set status = 'running', lease_until = now() - interval '1"
                                + " minute' where id in (select id from task where subject_id like"
                                + " ? order by created_at limit 5)")
                    .param(batch + "-%")
                    .update();
        } finally {
            workers.start();
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(statuses(batch)).isEqualTo(Map.of("succeeded", 20L)));
        Integer mismatched =
                jdbc.sql(
                                """
                                select count(*) from task t where t.subject_id like ?
                                   and t.attempt_count <> (select count(*) from attempt a where a.task_id = t.id)\
                                """)
                        .param(batch + "-%")
                        .query(Integer.class)
                        .single();
        assertThat(mismatched).isZero();
        resetSimulator();
    }

    private Map<String, Long> statuses(String batch) {
        Map<String, Long> statuses = new java.util.TreeMap<>();
        jdbc.sql("select status, count(*) from task where subject_id like ? group by status")
                .param(batch + "-%")
                .query((rs, row) -> statuses.put(rs.getString(1), rs.getLong(2)))
                .list();
        return statuses;
    }
}
