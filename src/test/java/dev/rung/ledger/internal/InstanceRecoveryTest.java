package dev.rung.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Another replica dies: its heartbeat stops, and the sweep of a live one ends what it left. Each
 * task here ran for real and is then put back the way a dead replica leaves it (running, its last
 * call in flight, its budget reservation held), because that moment cannot be caught from inside
 * one process; {@code KillRecoveryTest} kills a real one.
 */
class InstanceRecoveryTest extends IntegrationTest {

    private static final BigDecimal PROMPT_COST = new BigDecimal("0.000123000");
    private static final BigDecimal RESERVED = new BigDecimal("0.020000000");

    @Autowired InstanceRecovery recovery;

    @Test
    void aDeadReplicasSynchronousTaskFailsAsInterruptedAndItsKeyRunsItAgain() {
        String key = "recovery-" + UUID.randomUUID();
        String lead =
                """
                {"subjectId":"recovery-1","lead":{"email":"ana@recovery.example","message":"Pricing for 40 seats?"}}\
                """;
        UUID task =
                UUID.fromString(
                        body(post(
                                        "/v1/tasks/lead-classification",
                                        lead,
                                        Map.of("Idempotency-Key", key)))
                                .path("taskId")
                                .asString());
        String scope = "task-type:recovery-" + UUID.randomUUID();
        UUID reservation = leftByADeadReplica(task, "sync", scope);

        recovery.sweep();

        JsonNode stored = body(get("/v1/tasks/" + task));
        assertThat(stored.path("status").asString()).isEqualTo("failed");
        assertThat(stored.path("failureReason").asString()).isEqualTo("interrupted");
        JsonNode last = stored.path("attempts").get(stored.path("attempts").size() - 1);
        assertThat(last.path("outcome").asString()).isEqualTo("interrupted");
        assertThat(last.path("costEstimated").asBoolean()).isTrue();
        assertThat(last.path("costUsd").decimalValue()).isEqualByComparingTo(PROMPT_COST);
        assertThat(last.path("latencyMs").isNumber()).isTrue();
        assertThat(stored.path("costUsd").decimalValue())
                .as("the task's cost counts the estimate")
                .isGreaterThanOrEqualTo(PROMPT_COST);
        assertReleased(reservation, scope);

        var retried = post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(body(retried).path("taskId").asString()).isNotEqualTo(task.toString());
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        assertThat(
                        body(post(
                                        "/v1/tasks/lead-classification",
                                        lead,
                                        Map.of("Idempotency-Key", key)))
                                .path("taskId")
                                .asString())
                .as("the key now belongs to the new run")
                .isEqualTo(body(retried).path("taskId").asString());
    }

    @Test
    void aDeadReplicasQueuedTaskKeepsItsLeaseAndIsTakenOverWhenItRunsOut() {
        var accepted =
                post(
                        "/v1/tasks/lead-classification?mode=async",
                        """
                        {"subjectId":"recovery-2","lead":{"email":"bo@recovery.example","message":"Do you integrate with SAP?"}}\
                        """);
        UUID task = UUID.fromString(body(accepted).path("taskId").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(status(task)));
        String scope = "task-type:recovery-" + UUID.randomUUID();
        UUID reservation = leftByADeadReplica(task, "async", scope);
        jdbc.sql("update task set lease_until = now() + interval '1 hour' where id = ?")
                .param(task)
                .update();

        recovery.sweep();

        assertThat(status(task))
                .as("an async task is not failed: a worker takes it over")
                .isEqualTo("running");
        assertThat(
                        jdbc.sql(
                                        "select outcome from attempt where task_id = ? order by seq"
                                                + " desc limit 1")
                                .param(task)
                                .query(String.class)
                                .single())
                .isEqualTo("interrupted");
        assertReleased(reservation, scope);

        jdbc.sql("update task set lease_until = now() - interval '1 second' where id = ?")
                .param(task)
                .update();
        await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(status(task)));
        JsonNode attempts = body(get("/v1/tasks/" + task)).path("attempts");
        assertThat(attempts.get(attempts.size() - 1).path("outcome").asString()).isEqualTo("pass");
    }

    /**
     * Puts a finished task back as a replica that died mid-call leaves it: running on that replica,
     * its last attempt in flight and holding a budget reservation in {@code scope}.
     */
    private UUID leftByADeadReplica(UUID task, String mode, String scope) {
        UUID dead = UUID.randomUUID();
        UUID reservation = UUID.randomUUID();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.sql(
                        """
                        insert into rung_instance (id, name, started_at, heartbeat_at)
                        values (?, 'replica-2', now() - interval '1 hour', now() - interval '1 hour')\
                        """)
                .param(dead)
                .update();
        assertThat(
                        jdbc.sql(
                                        """
                                        update task set status = 'running', result = null, finished_at = null, cost_usd = null,
                                                        instance_id = ?
                                         where id = ? and mode = ?\
                                        """)
                                .params(dead, task, mode)
                                .update())
                .isEqualTo(1);
        jdbc.sql(
                        """
                        update attempt set outcome = 'in_flight', cost_usd = null, latency_ms = null, finished_at = null,
                                           prompt_cost_usd = ?, reservation_id = ?
                         where task_id = ? and seq = (select max(seq) from attempt where task_id = ?)\
                        """)
                .params(PROMPT_COST, reservation, task, task)
                .update();
        jdbc.sql("insert into budget_day (scope, day, cap_usd, reserved_usd) values (?, ?, 5, ?)")
                .params(scope, today, RESERVED)
                .update();
        jdbc.sql(
                        "insert into budget_reservation (id, scopes, day, amount, created_at)"
                                + " values (?, ?, ?, ?, now())")
                .params(reservation, new String[] {scope}, today, RESERVED)
                .update();
        return reservation;
    }

    private void assertReleased(UUID reservation, String scope) {
        assertThat(
                        jdbc.sql("select count(*) from budget_reservation where id = ?")
                                .param(reservation)
                                .query(Long.class)
                                .single())
                .isZero();
        var day =
                jdbc.sql("select reserved_usd, spent_usd from budget_day where scope = ?")
                        .param(scope)
                        .query()
                        .singleRow();
        assertThat((BigDecimal) day.get("reserved_usd")).isZero();
        assertThat((BigDecimal) day.get("spent_usd"))
                .as("the estimate is counted as spent")
                .isEqualByComparingTo(PROMPT_COST);
    }

    private String status(UUID task) {
        return jdbc.sql("select status from task where id = ?")
                .param(task)
                .query(String.class)
                .single();
    }
}
