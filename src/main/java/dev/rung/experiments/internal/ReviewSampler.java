package dev.rung.experiments.internal;

import dev.rung.ledger.TaskFinished;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Marks finished experiment tasks for human review, so that every arm gets about the same number of
 * reviews: an arm's sampling rate is the configured fraction scaled by half over the arm's share
 * (the same fraction for both arms of a 50/50 split; five times it for the 10% arm of a 90/10 one),
 * because reviewed accuracy is compared between arms and the smaller arm would otherwise set the
 * width of the interval alone. The choice hashes the task id, so it is the same on every replica
 * and unrelated to the answer.
 */
@Component
class ReviewSampler {

    private final JdbcClient jdbc;
    private final ExperimentProperties properties;
    private final LiveExperiments live;

    ReviewSampler(JdbcClient jdbc, ExperimentProperties properties, LiveExperiments live) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.live = live;
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
        return u < rate(task);
    }

    /**
     * The configured fraction, scaled so that every arm gets about the same number of reviews: as
     * many as an arm of equal share would at the configured fraction.
     */
    double rate(TaskFinished task) {
        double scale =
                live.live(task.type(), task.experimentId())
                        .flatMap(
                                experiment ->
                                        experiment
                                                .arm(task.arm())
                                                .map(
                                                        arm ->
                                                                1.0
                                                                        / experiment.arms().size()
                                                                        / arm.share()
                                                                                .doubleValue()))
                        .orElse(1.0);
        return Math.min(1, properties.reviewFraction() * scale);
    }
}
