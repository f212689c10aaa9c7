package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V14 to V16 on a database that holds tasks from before task types had versions: async tasks still
 * waiting for a worker get the input alone (the workers' new shape), finished tasks keep their
 * rows, and a rule failure counts in the readout and hides its evidence from analysts.
 */
class TaskTypeMigrationTest {

    private static final String QUEUED = "01999fa4-c600-7000-8000-000000000011";
    private static final String FINISHED = "01999fa4-c600-7000-8000-000000000012";
    private static final String EXPERIMENT = "00000000-0000-4000-8000-00000000e002";

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;

    @BeforeAll
    static void databaseAtV13WithTasksThenMigrated() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        flyway("13").migrate();
        jdbc.sql(
                        """
                        insert into experiment (id, name, task_type, control_policy, treatment_policy, treatment_share, seed, status,
                                                pass_rate_margin, consecutive_periods, escalation_ceiling, min_sample_per_arm,
                                                period_seconds, alpha, created_at)
                        values ('%s', 'e', 'lead-classification', 'mini-only', 'nano-first', 0.5, 's', 'running', 0.02, 2, 0.3, 100,
                                86400, 0.05, now())\
                        """
                                .formatted(EXPERIMENT))
                .update();
        insertTask(QUEUED, "queued", "async", null);
        insertTask(FINISHED, "succeeded", "sync", EXPERIMENT);
        jdbc.sql(
                        """
                        insert into attempt (id, task_id, seq, rung, provider, model_requested, prompt_version, prompt_sha256,
                                             outcome, detail, latency_ms, started_at, finished_at)
                        values (gen_random_uuid(), ?::uuid, 1, 1, 'simulator', 'gpt-5.4-nano', 'v1', repeat('0', 64), 'rule_failed',
                                '{"violations": [{"rule": "reason_length", "pointer": "/reason", "value": "a long reason", "message": "too long"}],
                                  "rawExcerpt": "{}"}', 40, now(), now())\
                        """)
                .param(FINISHED)
                .update();
        flyway(null).migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void aQueuedTaskGetsTheInputAloneAndAFinishedOneKeepsItsRow() {
        assertThat(
                        jdbc.sql("select input::text from task where id = ?::uuid")
                                .param(QUEUED)
                                .query(String.class)
                                .single())
                .isEqualTo("{\"email\": \"a@b.co\"}");
        assertThat(
                        jdbc.sql("select input->'lead'->>'email' from task where id = ?::uuid")
                                .param(FINISHED)
                                .query(String.class)
                                .single())
                .isEqualTo("a@b.co");
        assertThat(
                        jdbc.sql("select count(*) from task where task_type_version is null")
                                .query(Long.class)
                                .single())
                .isEqualTo(2);
    }

    @Test
    void aRuleFailureCountsInTheRebuiltReadoutAndAnalystsSeeOnlyWhichRuleBrokeWhere() {
        jdbc.sql("select readout_rollup_rebuild(?::uuid)").param(EXPERIMENT).query().listOfRows();

        assertThat(
                        jdbc.sql(
                                        "select attempts from readout_rule where experiment_id ="
                                            + " ?::uuid and scope = 'all' and day = '-infinity' and"
                                            + " rule = 'reason_length'")
                                .param(EXPERIMENT)
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
        assertThat(
                        jdbc.sql(
                                        "select tasks from readout_rollup where experiment_id ="
                                            + " ?::uuid and scope = 'all' and day = '-infinity'")
                                .param(EXPERIMENT)
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select detail::text from attempts").query(String.class).single())
                .isEqualTo(
                        "{\"violations\": [{\"rule\": \"reason_length\", \"pointer\":"
                                + " \"/reason\"}]}");
    }

    private static void insertTask(String id, String status, String mode, String experiment) {
        jdbc.sql(
                        """
                        insert into task (id, type, subject_id, request_hash, input, status, tier, policy, experiment_id, arm,
                                          simulated, mode, latency_ms, created_at, finished_at)
                        values (:id::uuid, 'lead-classification', 'subject-1', repeat('0', 64),
                                '{"subjectId": "subject-1", "lead": {"email": "a@b.co"}}', :status, 'B', 'nano-first',
                                :experiment::uuid, :arm, true, :mode, 40, '2025-10-01T12:00:00Z',
                                case when :status = 'succeeded' then '2025-10-01T12:00:01Z'::timestamptz end)\
                        """)
                .param("id", id)
                .param("status", status)
                .param("mode", mode)
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
