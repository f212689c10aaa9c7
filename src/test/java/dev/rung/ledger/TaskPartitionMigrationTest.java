package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V12 moves {@code task} into monthly partitions on a database that already holds tasks: every row,
 * Idempotency-Key, reference and readout rollup comes through, and keys stay one task each.
 */
class TaskPartitionMigrationTest {

    /**
     * Ids made, as Rung makes them, from the creation time of the tasks below
     * (2025-10-01T12:00:00Z).
     */
    private static final String KEYED = "01999fa4-c600-7000-8000-000000000001";

    private static final String IN_EXPERIMENT = "01999fa4-c600-7000-8000-000000000002";
    private static final String EXPERIMENT = "00000000-0000-4000-8000-00000000e001";

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;

    @BeforeAll
    static void databaseAtV11WithTasksThenMigrated() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        flyway("11").migrate();
        jdbc.sql(
                        """
                        insert into experiment (id, name, task_type, control_policy, treatment_policy, treatment_share, seed, status,
                                                pass_rate_margin, consecutive_periods, escalation_ceiling, min_sample_per_arm,
                                                period_seconds, alpha, created_at)
                        values ('%s', 'e', 'ticket-tagging', 'mini-only', 'nano-first', 0.5, 's', 'running', 0.02, 2, 0.3, 100,
                                86400, 0.05, now())\
                        """
                                .formatted(EXPERIMENT))
                .update();
        insertTask(KEYED, "key-1", null);
        insertTask(IN_EXPERIMENT, null, EXPERIMENT);
        jdbc.sql(
                        """
                        insert into attempt (id, task_id, seq, rung, provider, model_requested, prompt_version, prompt_sha256,
                                             outcome, latency_ms, started_at, finished_at)
                        values (gen_random_uuid(), ?::uuid, 1, 1, 'simulator', 'gpt-5.4-nano', 'v1', repeat('0', 64), 'pass', 40,
                                now(), now())\
                        """)
                .param(KEYED)
                .update();
        jdbc.sql("insert into webhook_delivery values ('hubspot', 'd-1', ?::uuid, now())")
                .param(KEYED)
                .update();
        flyway(null).migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void everyTaskAndItsReferencesComeThroughIntoItsMonth() {
        assertThat(
                        jdbc.sql("select id::text, tableoid::regclass::text from task order by id")
                                .query()
                                .listOfRows())
                .extracting(row -> row.get("id") + " " + row.get("tableoid"))
                .containsExactly(KEYED + " task_2025_10", IN_EXPERIMENT + " task_2025_10");
        assertThat(
                        jdbc.sql("select count(*) from attempt a join task t on t.id = a.task_id")
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
        assertThat(
                        jdbc.sql("select task_id::text from webhook_delivery")
                                .query(String.class)
                                .single())
                .isEqualTo(KEYED);
        assertThat(jdbc.sql("select count(*) from task_outcomes").query(Long.class).single())
                .isEqualTo(2);
        assertThatThrownBy(
                        () ->
                                jdbc.sql(
                                                "insert into webhook_delivery values ('hubspot',"
                                                        + " 'd-2', gen_random_uuid(), now())")
                                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void anExistingKeyStaysHeldByItsTask() {
        assertThat(
                        jdbc.sql(
                                        "select task_id::text from task_idempotency_key where"
                                                + " idempotency_key = 'key-1'")
                                .query(String.class)
                                .single())
                .isEqualTo(KEYED);
        assertThat(
                        jdbc.sql(
                                        """
                                        insert into task (id, type, subject_id, idempotency_key, request_hash, input, status, tier, policy,
                                                          simulated, created_at)
                                        values (gen_random_uuid(), 'lead-classification', 'subject-2', 'key-1', repeat('0', 64), '{}', 'running',
                                                'B', 'nano-first', true, now())
                                        on conflict do nothing\
                                        """)
                                .update())
                .isZero();
        assertThat(
                        jdbc.sql("select count(*) from task where idempotency_key = 'key-1'")
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
    }

    @Test
    void theRollupsCountEachFinishedTaskOnce() {
        assertThat(
                        jdbc.sql(
                                        "select tasks from readout_rollup where experiment_id ="
                                            + " ?::uuid and scope = 'all' and day = '-infinity'")
                                .param(EXPERIMENT)
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
    }

    private static void insertTask(String id, String idempotencyKey, String experiment) {
        jdbc.sql(
                        """
                        insert into task (id, type, subject_id, idempotency_key, request_hash, input, status, tier, policy,
                                          experiment_id, arm, simulated, latency_ms, created_at, finished_at)
                        values (:id::uuid, 'lead-classification', 'subject-1', :key, repeat('0', 64), '{}', 'succeeded', 'B',
                                'nano-first', :experiment::uuid, :arm, true, 40, '2025-10-01T12:00:00Z', '2025-10-01T12:00:01Z')\
                        """)
                .param("id", id)
                .param("key", idempotencyKey)
                .param("experiment", experiment)
                .param("arm", experiment == null ? null : "treatment")
                .update();
    }

    private static Flyway flyway(String target) {
        var configuration =
                Flyway.configure()
                        .dataSource(postgres.getPostgresDatabase())
                        .locations("classpath:db/migration");
        return (target == null ? configuration : configuration.target(target)).load();
    }
}
