package dev.rung.ledger.internal;

import dev.rung.ledger.QueuedTask;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Hands queued async tasks to workers. {@code FOR UPDATE SKIP LOCKED} lets several workers and
 * replicas take different tasks without waiting on each other; a running task whose lease ran out
 * (its worker died) is taken again.
 */
@Component
class QueueClaims {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    QueueClaims(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    List<QueuedTask> claim(int max, Instant leaseUntil, UUID instanceId) {
        return transactions.execute(
                status ->
                        jdbc.sql(
                                        """
                                        update task set status = 'running', lease_until = :lease, instance_id = :instance
                                         where id in (select id from task
                                                       where mode = 'async' and (status = 'queued' or (status = 'running' and lease_until < now()))
                                                       order by created_at limit :max for update skip locked)
                                        returning id, type, task_type_version, subject_id, input::text, tier, policy, experiment_id, arm,
                                                  created_at, deadline,
                                                  coalesce((select w.source from webhook_delivery w where w.task_id = task.id limit 1), 'api')\
                                        """)
                                .param("lease", Timestamp.from(leaseUntil))
                                .param("max", max)
                                .param("instance", instanceId)
                                .query(
                                        (rs, row) ->
                                                new QueuedTask(
                                                        rs.getObject(1, UUID.class),
                                                        rs.getString(2),
                                                        rs.getObject(3, Integer.class),
                                                        rs.getString(4),
                                                        json.readTree(rs.getString(5)),
                                                        rs.getString(6),
                                                        rs.getString(7),
                                                        rs.getObject(8, UUID.class),
                                                        rs.getString(9),
                                                        rs.getTimestamp(10).toInstant(),
                                                        rs.getTimestamp(11) == null
                                                                ? null
                                                                : rs.getTimestamp(11).toInstant(),
                                                        rs.getString(12)))
                                .list());
    }
}
