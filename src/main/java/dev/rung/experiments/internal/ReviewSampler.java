package dev.rung.experiments.internal;

import dev.rung.ledger.TaskFinished;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Marks a fixed share of each arm's finished tasks for human review. The choice hashes the task id,
 * so it is the same on every replica and unrelated to the arm or the answer.
 */
@Component
class ReviewSampler {

    private final JdbcClient jdbc;
    private final ExperimentProperties properties;

    ReviewSampler(JdbcClient jdbc, ExperimentProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @EventListener
    void onTaskFinished(TaskFinished task) {
        if (task.experimentId() == null || !sampled(task)) {
            return;
        }
        jdbc.sql(
                        "insert into review (task_id, experiment_id, arm, status, created_at)"
                                + " values (?, ?, ?, 'pending', ?) on conflict do nothing")
                .param(task.taskId())
                .param(task.experimentId())
                .param(task.arm())
                .param(Timestamp.from(Instant.now()))
                .update();
    }

    private boolean sampled(TaskFinished task) {
        long bits =
                ByteBuffer.allocate(16)
                        .putLong(task.taskId().getMostSignificantBits())
                        .putLong(task.taskId().getLeastSignificantBits())
                        .getLong(8);
        double u = (ArmHash.fnv1a32(Long.toString(bits)) % 1_000_000) / 1_000_000.0;
        return u < properties.reviewFraction();
    }
}
