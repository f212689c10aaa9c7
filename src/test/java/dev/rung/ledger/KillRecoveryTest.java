package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.SeparateJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees after a {@code kill -9}: Rung on its own PostgreSQL, the simulator as a process of its own
 * (the provider, which keeps counting), 24 clients whose tasks climb the ladder, Rung's JVM killed without warning,
 * then started again under the same instance name.
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
        postgres = EmbeddedPostgres.builder().setPort(0).setServerConfig("synchronous_commit", "on").start();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        simulatorPort = SeparateJvm.freePort();
        simulator = SeparateJvm.start("dev.rung.simulator.SimulatorServer", List.of(),
                List.of("--server.port=" + simulatorPort, "--logging.level.root=warn"), "kill-recovery-simulator");
        SeparateJvm.awaitUp(simulatorUrl("/v1/admin/simulator/stats"), simulator);
        // Half of nano's answers and a third of mini's fail their checks: tasks are mid-ladder when the kill comes.
        faults("gpt-5.4-nano", 0.5, 0);
        faults("gpt-5.4-mini", 0, 0.35);
        faults("gpt-5.4", 0, 0);
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
        long callsAnswered = simulatorRequests();

        startRung();

        assertThat(count("select count(*) from task where status = 'running'")).as("tasks left running").isZero();
        assertThat(count("select count(*) from attempt where outcome = 'in_flight'")).as("attempts left in flight").isZero();
        long completed = count("""
                select count(*) from attempt
                 where outcome not in ('interrupted', 'throttled', 'circuit_open', 'budget_exhausted')""");
        long interrupted = count("select count(*) from attempt where outcome = 'interrupted'");
        // Every call the provider received is on the ledger: answered and stored, or interrupted with its answer lost
        // on the way back. (An interrupted call may also have been stored a moment before a kill that stopped it from
        // leaving: such a row costs its prompt, as an estimate, and is why the bound is not an equality.)
        assertThat(callsAnswered).as("calls the provider received").isBetween(completed, completed + interrupted);
        assertThat(interrupted).as("the kill came while calls were in flight").isPositive();
        assertThat(count("""
                select count(*) from attempt where outcome = 'interrupted' and (not cost_estimated or cost_usd is null
                    or cost_usd <> prompt_cost_usd)""")).as("interrupted attempts cost their prompt, flagged").isZero();
        assertThat(count("""
                select count(*) from task t where exists (select 1 from attempt a where a.task_id = t.id
                    and a.outcome = 'interrupted') and (t.status <> 'failed' or t.failure_reason <> 'interrupted')"""))
                .as("tasks with an interrupted attempt fail as interrupted").isZero();
        assertThat(count("select count(*) from budget_reservation")).as("reservations still held").isZero();
        assertThat(db.sql("select coalesce(sum(reserved_usd), 0) from budget_day").query(BigDecimal.class).single())
                .isZero();

        // A client whose request died with the process retries it with the same Idempotency-Key: it is answered.
        assertThat(unanswered).isNotEmpty();
        for (var retry : unanswered.entrySet()) {
            HttpResponse<String> response = task(retry.getKey(), retry.getValue());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("status").asString()).isEqualTo("succeeded");
        }
        SeparateJvm.stop(rung);
    }

    /**
     * Sends tasks from 24 clients until the provider has received 60 calls, then kills Rung's JVM; returns the
     * requests that were cut off (Idempotency-Key to body).
     */
    private Map<String, String> loadUntilKilled() throws Exception {
        Map<String, String> unanswered = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < CLIENTS; client++) {
                clients.submit(() -> {
                    while (!killed.get()) {
                        int n = next.incrementAndGet();
                        String key = "kill-" + n;
                        String body = """
                                {"subjectId":"k-%d","lead":{"email":"p%d@kill.example","message":"Pricing for %d seats?"}}"""
                                .formatted(n, n, n);
                        try {
                            task(key, body);
                        } catch (IOException cutOff) {
                            unanswered.put(key, body);
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> simulatorRequests() >= 60);
            killed.set(true);
            SeparateJvm.kill(rung);
        }
        return unanswered;
    }

    private HttpResponse<String> task(String idempotencyKey, String body) throws IOException, InterruptedException {
        return SeparateJvm.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rungPort + "/v1/tasks/lead-classification"))
                .timeout(Duration.ofMinutes(1)).header("Content-Type", "application/json")
                .header("X-API-Key", "rung-local-dev-key").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void startRung() throws Exception {
        rungPort = SeparateJvm.freePort();
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + rungPort,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--rung.gateway.provider=simulator",
                "--spring.ai.openai.api-key=sk-kill", "--spring.ai.openai.base-url=" + simulatorUrl("/v1"),
                "--rung.instance.name=" + INSTANCE, "--rung.budgets.global=1000", "--rung.limits.enabled=false",
                "--rung.cache.enabled=false", "--logging.level.root=warn"));
        rung = SeparateJvm.start("dev.rung.RungApplication", List.of(), arguments, "kill-recovery-rung");
        SeparateJvm.awaitUp("http://127.0.0.1:" + rungPort + "/actuator/health", rung);
    }

    private static long simulatorRequests() throws Exception {
        String stats = SeparateJvm.HTTP.send(HttpRequest.newBuilder(URI.create(simulatorUrl("/v1/admin/simulator/stats")))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(stats).path("requests").asLong();
    }

    private static void faults(String model, double schemaInvalid, double lowConfidence) throws Exception {
        String rates = """
                {"wrong":0,"schemaInvalid":%s,"missingFields":0,"labelOutside":0,"lowConfidence":%s,"refusal":0,
                 "truncation":0,"rateLimited":0,"serverError":0,"timeout":0}""".formatted(schemaInvalid, lowConfidence);
        JsonNode answer = JSON.readTree(SeparateJvm.HTTP.send(HttpRequest.newBuilder(URI.create(
                        simulatorUrl("/v1/admin/simulator/scenario/faults/" + model + "/default")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(rates)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(answer.isObject()).isTrue();
    }

    private static long count(String sql) {
        return db.sql(sql).query(Long.class).single();
    }

    private static String simulatorUrl(String path) {
        return "http://127.0.0.1:" + simulatorPort + path;
    }
}
