package dev.rung.delivery.internal;

import dev.rung.delivery.DeliveryKind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code delivery} and {@code delivery_attempt}: planned with a task, claimed by workers, each
 * attempt recorded.
 */
@Component
class DeliveryStore {

    /** A delivery a worker has taken; {@code attempt} counts this one. */
    record Due(
            UUID id,
            UUID taskId,
            DeliveryKind kind,
            String source,
            String target,
            JsonNode mapping,
            int attempt,
            Instant expiresAt) {}

    /** A delivered write-back: the record's last values from Rung. */
    record Written(UUID id, UUID taskId, JsonNode mapping, JsonNode written) {}

    /** One attempt, as recorded. */
    record Attempt(int seq, Instant at, Integer httpStatus, String error, long latencyMs) {}

    /** A delivery with its attempts, as operators see it. */
    record Listed(
            UUID id,
            DeliveryKind kind,
            String source,
            String target,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Instant expiresAt,
            Integer lastStatus,
            String lastError,
            JsonNode written,
            Instant createdAt,
            Instant finishedAt,
            List<Attempt> history) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    DeliveryStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Stores a delivery that falls due when its task ends; joins the caller's transaction, as the
     * task's row does.
     */
    void plan(
            UUID taskId,
            DeliveryKind kind,
            String source,
            String target,
            JsonNode mapping,
            Duration maxAge) {
        jdbc.sql(
                        """
                        insert into delivery (id, task_id, kind, source, target, mapping, status, max_age, created_at)
                        values (?, ?, ?, ?, ?, ?::jsonb, 'planned', ?::interval, now())\
                        """)
                .params(
                        UUID.randomUUID(),
                        taskId,
                        name(kind),
                        source,
                        target,
                        mapping.toString(),
                        maxAge.toSeconds() + " seconds")
                .update();
    }

    /**
     * Takes up to {@code max} due deliveries, and ones whose worker died, leased until {@code
     * leaseUntil}.
     */
    List<Due> claim(int max, Instant leaseUntil) {
        return transactions.execute(
                status ->
                        jdbc.sql(
                                        """
                                        update delivery set status = 'delivering', lease_until = :lease, attempts = attempts + 1
                                         where id in (select id from delivery
                                                       where (status = 'pending' and next_attempt_at <= now())
                                                          or (status = 'delivering' and lease_until < now())
                                                       order by next_attempt_at limit :max for update skip locked)
                                        returning id, task_id, kind, source, target, mapping::text, attempts, expires_at\
                                        """)
                                .param("lease", Timestamp.from(leaseUntil))
                                .param("max", max)
                                .query(
                                        (rs, row) ->
                                                new Due(
                                                        rs.getObject(1, UUID.class),
                                                        rs.getObject(2, UUID.class),
                                                        kind(rs.getString(3)),
                                                        rs.getString(4),
                                                        rs.getString(5),
                                                        json.readTree(rs.getString(6)),
                                                        rs.getInt(7),
                                                        rs.getTimestamp(8).toInstant()))
                                .list());
    }

    void delivered(Due due, Attempt attempt, JsonNode written) {
        finish(due, attempt, "delivered", written);
    }

    void skipped(Due due, Attempt attempt) {
        finish(due, attempt, "skipped", null);
    }

    void dead(Due due, Attempt attempt) {
        finish(due, attempt, "dead", null);
    }

    void retryAt(Due due, Attempt attempt, Instant next) {
        transactions.executeWithoutResult(
                status -> {
                    record(due, attempt);
                    jdbc.sql(
                                    """
                                    update delivery set status = 'pending', next_attempt_at = ?, lease_until = null, last_status = ?,
                                                        last_error = ?
                                     where id = ?\
                                    """)
                            .params(
                                    Timestamp.from(next),
                                    attempt.httpStatus(),
                                    attempt.error(),
                                    due.id())
                            .update();
                });
    }

    private void finish(Due due, Attempt attempt, String status, JsonNode written) {
        transactions.executeWithoutResult(
                tx -> {
                    record(due, attempt);
                    jdbc.sql(
                                    """
                                    update delivery set status = ?, next_attempt_at = null, lease_until = null, last_status = ?,
                                                        last_error = ?, written = ?::jsonb, finished_at = now()
                                     where id = ?\
                                    """)
                            .params(
                                    status,
                                    attempt.httpStatus(),
                                    attempt.error(),
                                    written == null ? null : written.toString(),
                                    due.id())
                            .update();
                });
    }

    private void record(Due due, Attempt attempt) {
        jdbc.sql(
                        "insert into delivery_attempt (delivery_id, seq, at, http_status, error,"
                                + " latency_ms) values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(
                        due.id(),
                        attempt.seq(),
                        Timestamp.from(attempt.at()),
                        attempt.httpStatus(),
                        attempt.error(),
                        attempt.latencyMs())
                .update();
    }

    /**
     * A dead delivery is tried again from now, for another {@code max_age}; false when it is not
     * dead.
     */
    boolean retryDead(UUID id) {
        return jdbc.sql(
                                """
                                update delivery set status = 'pending', next_attempt_at = now(), expires_at = now() + max_age,
                                                    finished_at = null
                                 where id = ? and status = 'dead'\
                                """)
                        .param(id)
                        .update()
                == 1;
    }

    Optional<UUID> taskOf(UUID deliveryId) {
        return jdbc.sql("select task_id from delivery where id = ?")
                .param(deliveryId)
                .query(UUID.class)
                .optional();
    }

    /** The last delivered write-back to a CRM record. */
    Optional<Written> lastWritten(DeliveryKind kind, String target) {
        return jdbc.sql(
                        """
                        select id, task_id, mapping::text, written::text from delivery
                         where kind = ? and target = ? and status = 'delivered' and written is not null
                         order by finished_at desc limit 1\
                        """)
                .param(name(kind))
                .param(target)
                .query(
                        (rs, row) ->
                                new Written(
                                        rs.getObject(1, UUID.class),
                                        rs.getObject(2, UUID.class),
                                        json.readTree(rs.getString(3)),
                                        json.readTree(rs.getString(4))))
                .optional();
    }

    List<Listed> ofTask(UUID taskId) {
        return jdbc.sql(
                        """
                        select id, kind, source, target, status, attempts, next_attempt_at, expires_at, last_status, last_error,
                               written::text, created_at, finished_at
                          from delivery where task_id = ? order by created_at, id\
                        """)
                .param(taskId)
                .query(this::listed)
                .list();
    }

    private Listed listed(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        List<Attempt> history =
                jdbc.sql(
                                """
                                select seq, at, http_status, error, latency_ms from delivery_attempt where delivery_id = ? order by seq\
                                """)
                        .param(id)
                        .query(
                                (a, n) ->
                                        new Attempt(
                                                a.getInt(1),
                                                a.getTimestamp(2).toInstant(),
                                                a.getObject(3, Integer.class),
                                                a.getString(4),
                                                a.getLong(5)))
                        .list();
        String written = rs.getString(11);
        return new Listed(
                id,
                kind(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                instant(rs, 7),
                instant(rs, 8),
                rs.getObject(9, Integer.class),
                rs.getString(10),
                written == null ? null : json.readTree(written),
                instant(rs, 12),
                instant(rs, 13),
                history);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String name(DeliveryKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static DeliveryKind kind(String name) {
        return DeliveryKind.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
