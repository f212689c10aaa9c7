package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.SeparateJvm;
import dev.rung.support.ServiceProcesses;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator sees after a {@code kill -9}: Rung on its own PostgreSQL, the simulator as a
 * process of its own (the provider, which keeps counting), 24 clients whose tasks climb the ladder,
 * Rung's JVM killed without warning, then started again under the same instance name.
 */
class KillRecoveryTest {

    private static final String INSTANCE = "kill-recovery";
    private static final int CLIENTS = 24;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;
    private static Process simulator;
    private static int simulatorPort;
    private Process rung;
    private int rungPort;

    @BeforeAll
    static void providerAndDatabase() throws Exception {
        postgres =
                EmbeddedPostgres.builder()
                        .setPort(0)
                        .setServerConfig("synchronous_commit", "on")
                        .start();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        simulatorPort = SeparateJvm.freePort();
        simulator = ServiceProcesses.simulator(simulatorPort, 1.0, "kill-recovery-simulator");
        // Half of nano's answers and a third of mini's fail their checks: tasks are mid-ladder when
        // the kill comes.
        ServiceProcesses.faults(simulatorPort, "gpt-5.4-nano", 0.5, 0);
        ServiceProcesses.faults(simulatorPort, "gpt-5.4-mini", 0, 0.35);
        ServiceProcesses.faults(simulatorPort, "gpt-5.4", 0, 0);
    }

    @AfterAll
    static void stopAll() throws Exception {
        SeparateJvm.stop(simulator);
        postgres.close();
    }

    @Test
    void aKilledInstanceLeavesNoPaidCallOffTheLedgerAndNoTaskRunning() throws Exception {
        startRung();
        Map<String, String> unanswered = loadUntilKilled();
        long callsAnswered = ServiceProcesses.simulatorRequests(simulatorPort);

        startRung();

        assertThat(count("select count(*) from task where status = 'running'"))
                .as("tasks left running")
                .isZero();
        assertThat(count("select count(*) from attempt where outcome = 'in_flight'"))
                .as("attempts left in flight")
                .isZero();
        long completed =
                count(
                        """
                        select count(*) from attempt
                         where outcome not in ('interrupted', 'throttled', 'circuit_open', 'budget_exhausted')\
                        """);
        long interrupted = count("select count(*) from attempt where outcome = 'interrupted'");
        // Every call the provider received is on the ledger: answered and stored, or interrupted
        // with its answer lost
        // on the way back. (An interrupted call may also have been stored a moment before a kill
        // that stopped it from
        // leaving: such a row costs its prompt, as an estimate, and is why the bound is not an
        // equality.)
        assertThat(callsAnswered)
                .as("calls the provider received")
                .isBetween(completed, completed + interrupted);
        assertThat(interrupted).as("the kill came while calls were in flight").isPositive();
        assertThat(
                        count(
                                """
                                select count(*) from attempt where outcome = 'interrupted' and (not cost_estimated or cost_usd is null
                                    or cost_usd <> prompt_cost_usd)\
                                """))
                .as("interrupted attempts cost their prompt, flagged")
                .isZero();
        assertThat(
                        count(
                                """
                                select count(*) from task t where exists (select 1 from attempt a where a.task_id = t.id
                                    and a.outcome = 'interrupted') and (t.status <> 'failed' or t.failure_reason <> 'interrupted')\
                                """))
                .as("tasks with an interrupted attempt fail as interrupted")
                .isZero();
        assertThat(count("select count(*) from budget_reservation"))
                .as("reservations still held")
                .isZero();
        assertThat(
                        db.sql("select coalesce(sum(reserved_usd), 0) from budget_day")
                                .query(BigDecimal.class)
                                .single())
                .isZero();

        // A client whose request died with the process retries it with the same Idempotency-Key: it
        // is answered.
        assertThat(unanswered).isNotEmpty();
        for (var retry : unanswered.entrySet()) {
            HttpResponse<String> response =
                    ServiceProcesses.leadTask(rungPort, retry.getKey(), retry.getValue());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("status").asString())
                    .isEqualTo("succeeded");
        }
        SeparateJvm.stop(rung);
    }

    /**
     * Sends tasks from 24 clients until the provider has received 60 calls, then kills Rung's JVM;
     * returns the requests that were cut off (Idempotency-Key to body).
     */
    private Map<String, String> loadUntilKilled() throws Exception {
        Map<String, String> unanswered = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < CLIENTS; client++) {
                clients.submit(
                        () -> {
                            while (!killed.get()) {
                                int n = next.incrementAndGet();
                                String key = "kill-" + n;
                                String body = ServiceProcesses.lead("kill", n);
                                try {
                                    ServiceProcesses.leadTask(rungPort, key, body);
                                } catch (IOException cutOff) {
                                    unanswered.put(key, body);
                                }
                            }
                            return null;
                        });
            }
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> ServiceProcesses.simulatorRequests(simulatorPort) >= 60);
            killed.set(true);
            SeparateJvm.kill(rung);
        }
        return unanswered;
    }

    private void startRung() throws Exception {
        rungPort = SeparateJvm.freePort();
        rung =
                ServiceProcesses.rung(
                        rungPort,
                        postgres.getJdbcUrl("postgres", "postgres"),
                        simulatorPort,
                        "kill-recovery-rung",
                        "--rung.instance.name=" + INSTANCE,
                        "--rung.budgets.global=1000");
    }

    private static long count(String sql) {
        return db.sql(sql).query(Long.class).single();
    }
}
