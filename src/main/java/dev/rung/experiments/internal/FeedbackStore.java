package dev.rung.experiments.internal;

import dev.rung.experiments.GroundTruthStore;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code feedback}: the one correct answer per task; a review it was queued for is done once it has
 * one.
 */
@Component
class FeedbackStore implements GroundTruthStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    FeedbackStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void record(
            UUID taskId,
            JsonNode correct,
            String reviewer,
            Source source,
            String note,
            Instant at) {
        transactions.executeWithoutResult(
                status -> {
                    jdbc.sql(
                                    """
                                    insert into feedback (task_id, correct, reviewer, note, source, created_at) values (?, ?::jsonb, ?, ?, ?, ?)
                                    on conflict (task_id) do update set correct = excluded.correct, reviewer = excluded.reviewer,
                                           note = excluded.note, source = excluded.source, created_at = excluded.created_at
                                     where feedback.created_at <= excluded.created_at\
                                    """)
                            .params(
                                    taskId,
                                    correct.toString(),
                                    reviewer,
                                    note,
                                    source.name().toLowerCase(Locale.ROOT),
                                    Timestamp.from(at))
                            .update();
                    jdbc.sql("update review set status = 'done' where task_id = ?")
                            .param(taskId)
                            .update();
                });
    }
}
