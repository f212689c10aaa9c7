package dev.rung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Each task runs in a trace whose id is stored on the task, so its spans can be found later. */
class TracingTest extends IntegrationTest {

    @Test
    void aTaskRecordsTheTraceItRanIn() throws Exception {
        String sync =
                body(post(
                                "/v1/tasks/ticket-tagging",
                                """
                                {"subjectId":"trace-1","ticket":{"subject":"Export","body":"How do I export my invoices?"}}\
                                """))
                        .path("taskId")
                        .asString();
        String async =
                body(post(
                                "/v1/tasks/ticket-tagging?mode=async",
                                """
                                {"subjectId":"trace-2","ticket":{"subject":"Export","body":"How do I export my contacts?"}}\
                                """))
                        .path("taskId")
                        .asString();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                jdbc.sql("select trace_id from task where id = ?::uuid")
                                        .param(async)
                                        .query(String.class)
                                        .optional()
                                        .isPresent());

        String syncTrace =
                jdbc.sql("select trace_id from task where id = ?::uuid")
                        .param(sync)
                        .query(String.class)
                        .single();
        String asyncTrace =
                jdbc.sql("select trace_id from task where id = ?::uuid")
                        .param(async)
                        .query(String.class)
                        .single();
        assertThat(syncTrace).matches("[0-9a-f]{32}");
        assertThat(asyncTrace).matches("[0-9a-f]{32}").isNotEqualTo(syncTrace);
        assertThat(get("/actuator/prometheus").body()).contains("rung_attempt_seconds_count{");
    }
}
