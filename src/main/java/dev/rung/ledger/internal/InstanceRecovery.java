package dev.rung.ledger.internal;

import dev.rung.budgets.Budgets;
import dev.rung.instance.RungInstance;
import dev.rung.web.DatabaseOutage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a stopped instance leaves behind is ended, not left hanging. Every instance keeps a
 * heartbeat row ({@code rung_instance}); one whose heartbeat is older than {@code
 * rung.instance.dead-after} is gone, and so is an earlier start under this instance's name,
 * recovered at start-up before traffic arrives. Its in-flight attempts become {@code interrupted}
 * with their prompt's cost (flagged as an estimate) and their budget reservations are released; its
 * synchronous tasks, and batched ones it had taken up after their batch, fail with reason {@code
 * interrupted} and give their Idempotency-Key back, so a retry runs them anew; its queued tasks
 * keep their lease and are taken over by a worker. A task still waiting on its batch belongs to no
 * instance and is left alone. A task of this instance's own that is running but no longer in
 * progress here (its end could not be written) is recovered the same way.
 */
@Component
@ConditionalOnBooleanProperty(
        name = "rung.migrate-and-exit",
        havingValue = false,
        matchIfMissing = true)
class InstanceRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstanceRecovery.class);

    private record InFlight(
            UUID id, UUID taskId, Instant startedAt, BigDecimal promptCost, UUID reservation) {}

    private final JdbcClient jdbc;
    private final GroupCommit writes;
    private final RungInstance instance;
    private final PostgresTaskLedger ledger;
    private final Budgets budgets;
    private final Duration deadAfter;
    private volatile boolean running;

    InstanceRecovery(
            JdbcClient jdbc,
            GroupCommit writes,
            RungInstance instance,
            PostgresTaskLedger ledger,
            Budgets budgets,
            @Value("${rung.instance.dead-after:30s}") Duration deadAfter) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.instance = instance;
        this.ledger = ledger;
        this.budgets = budgets;
        this.deadAfter = deadAfter;
    }

    @Override
    public void start() {
        jdbc.sql(
                        "insert into rung_instance (id, name, started_at, heartbeat_at) values (?,"
                                + " ?, now(), now())")
                .param(instance.id())
                .param(instance.name())
                .update();
        recoverGone();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * After the group commit (which recovery writes through), before the web server and the
     * workers.
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }

    /**
     * An upsert: a replica cut off from the database for longer than {@code dead-after} was taken
     * for dead and its row deleted by the others; it comes back under its own id.
     */
    @Scheduled(fixedDelayString = "${rung.instance.heartbeat:5s}")
    void beat() {
        if (running) {
            quietlyDuringAnOutage(
                    "heartbeat",
                    () ->
                            jdbc.sql(
                                            """
                                            insert into rung_instance (id, name, started_at, heartbeat_at) values (?, ?, now(), now())
                                            on conflict (id) do update set heartbeat_at = now()\
                                            """)
                                    .param(instance.id())
                                    .param(instance.name())
                                    .update());
        }
    }

    @Scheduled(
            fixedDelayString = "${rung.instance.sweep:15s}",
            initialDelayString = "${rung.instance.sweep:15s}")
    void sweep() {
        if (running) {
            quietlyDuringAnOutage(
                    "recovery sweep",
                    () -> {
                        recoverGone();
                        recoverOrphans();
                    });
        }
    }

    /** A database restart is not this instance's fault: one line, and the next run tries again. */
    private static void quietlyDuringAnOutage(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            log.warn(
                    "The instance {} was skipped: the database cannot be reached ({})",
                    what,
                    DatabaseOutage.describe(e));
        }
    }

    /** Instances that stopped beating, and this instance's earlier starts. */
    void recoverGone() {
        List<UUID> gone =
                jdbc.sql(
                                """
                                select id from rung_instance
                                 where id <> :me and (name = :name or heartbeat_at < now() - make_interval(secs => :deadAfter))\
                                """)
                        .param("me", instance.id())
                        .param("name", instance.name())
                        .param("deadAfter", deadAfter.toSeconds())
                        .query(UUID.class)
                        .list();
        if (gone.isEmpty()) {
            return;
        }
        List<UUID> tasks =
                jdbc.sql("select id from task where status = 'running' and instance_id in (:gone)")
                        .param("gone", gone)
                        .query(UUID.class)
                        .list();
        recover(tasks, "the instance running it stopped");
        // What is still held had no attempt stored: the instance stopped between reserving and
        // storing the attempt,
        // so the call never left and nothing was spent. (A call that left has its attempt in flight
        // until its
        // reservation is settled, and was released above with its prompt's cost.)
        budgets.heldBy(gone).forEach(reservation -> budgets.release(reservation, BigDecimal.ZERO));
        jdbc.sql("delete from rung_instance where id in (:gone)").param("gone", gone).update();
    }

    /**
     * Tasks of this instance left running though no longer in progress here: their end could not be
     * stored.
     */
    void recoverOrphans() {
        var active = ledger.active();
        List<UUID> orphans =
                jdbc
                        .sql("select id from task where status = 'running' and instance_id = ?")
                        .param(instance.id())
                        .query(UUID.class)
                        .list()
                        .stream()
                        .filter(id -> !active.contains(id))
                        .toList();
        recover(orphans, "its end could not be stored");
    }

    private void recover(List<UUID> tasks, String why) {
        if (tasks.isEmpty()) {
            return;
        }
        List<InFlight> inFlight =
                jdbc.sql(
                                """
                                select id, task_id, started_at, prompt_cost_usd, reservation_id from attempt
                                 where outcome = 'in_flight' and task_id in (:tasks)\
                                """)
                        .param("tasks", tasks)
                        .query(
                                (rs, row) ->
                                        new InFlight(
                                                rs.getObject(1, UUID.class),
                                                rs.getObject(2, UUID.class),
                                                rs.getTimestamp(3).toInstant(),
                                                rs.getBigDecimal(4),
                                                rs.getObject(5, UUID.class)))
                        .list();
        List<UUID> synchronous =
                jdbc.sql(
                                "select id from task where id in (:tasks) and mode in ('sync',"
                                        + " 'batch') and status = 'running'")
                        .param("tasks", tasks)
                        .query(UUID.class)
                        .list();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<GroupCommit.Row> write = new ArrayList<>();
        for (InFlight attempt : inFlight) {
            write.add(
                    new GroupCommit.Row(
                            LedgerSql.INTERRUPT_ATTEMPT,
                            "{\"why\":\"" + why + "\"}",
                            LedgerSql.timestamp(now),
                            Duration.between(attempt.startedAt(), now).toMillis(),
                            attempt.id(),
                            LedgerSql.timestamp(attempt.startedAt())));
        }
        for (UUID task : synchronous) {
            write.add(
                    new GroupCommit.Row(LedgerSql.INTERRUPT_TASK, LedgerSql.timestamp(now), task));
            write.add(new GroupCommit.Row(LedgerSql.RELEASE_KEY, task));
        }
        writes.commit(write);
        inFlight.forEach(attempt -> budgets.release(attempt.reservation(), attempt.promptCost()));
        log.warn(
                "Recovered {} task(s) ({} failed as interrupted) and {} attempt(s) in flight: {}",
                tasks.size(),
                synchronous.size(),
                inFlight.size(),
                why);
    }
}
