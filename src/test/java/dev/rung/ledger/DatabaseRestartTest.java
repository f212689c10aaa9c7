package dev.rung.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.SeparateJvm;
import dev.rung.support.ServiceProcesses;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL restarts (a fast shutdown, as a minor-version upgrade or a failover does it) while 16
 * clients send tasks to Rung. Rung is not restarted: it answers again once the database is back.
 */
class DatabaseRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLIENTS = 16;

    private record Answer(String key, HttpResponse<String> response) {}

    private EmbeddedPostgres postgres;
    private Process simulator;
    private Process rung;

    @AfterEach
    void stopAll() throws Exception {
        for (Process process : new Process[] {rung, simulator}) {
            if (process != null) {
                SeparateJvm.stop(process);
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRestartLosesNoAnsweredTaskAndMeetsRequestsWith503() throws Exception {
        Path data = Files.createTempDirectory("rung-restart-pg");
        int databasePort = SeparateJvm.freePort();
        postgres = database(data, databasePort);
        int simulatorPort = SeparateJvm.freePort();
        simulator = ServiceProcesses.simulator(simulatorPort, 0.2, "database-restart-simulator");
        ServiceProcesses.faults(simulatorPort, "gpt-5.4-nano", 0.3, 0);
        int rungPort = SeparateJvm.freePort();
        rung =
                ServiceProcesses.rung(
                        rungPort,
                        postgres.getJdbcUrl("postgres", "postgres"),
                        simulatorPort,
                        "database-restart-rung",
                        "--rung.instance.sweep=2s",
                        "--spring.datasource.hikari.connection-timeout=1000");

        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < CLIENTS; client++) {
                clients.submit(
                        () -> {
                            while (!stop.get()) {
                                int n = next.incrementAndGet();
                                String key = "restart-" + n;
                                answers.add(
                                        new Answer(
                                                key,
                                                ServiceProcesses.leadTask(
                                                        rungPort,
                                                        key,
                                                        ServiceProcesses.lead("restart", n))));
                            }
                            return null;
                        });
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> answers.size() >= 50);
            postgres.close();
            int beforeRestart = answers.size();
            // Requests keep arriving while the database is down; then it comes back on the same
            // port and data.
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> answers.size() >= beforeRestart + 2 * CLIENTS);
            postgres = database(data, databasePort);
            int afterRestart = answers.size();
            await().atMost(Duration.ofMinutes(1)).until(() -> answers.size() >= afterRestart + 100);
            stop.set(true);
        }

        JdbcClient db = JdbcClient.create(postgres.getPostgresDatabase());
        List<Answer> answered =
                answers.stream().filter(answer -> answer.response().statusCode() == 200).toList();
        List<Answer> refused =
                answers.stream().filter(answer -> answer.response().statusCode() != 200).toList();
        for (Answer answer : answered) {
            JsonNode task = JSON.readTree(answer.response().body());
            List<String> outcomes =
                    db.sql("select outcome from attempt where task_id = ?::uuid order by seq")
                            .param(task.path("taskId").asString())
                            .query(String.class)
                            .list();
            assertThat(outcomes)
                    .as("the attempts of a task answered 200")
                    .isEqualTo(
                            task.path("attempts")
                                    .valueStream()
                                    .map(attempt -> attempt.path("outcome").asString())
                                    .toList());
            assertThat(
                            db.sql("select status from task where id = ?::uuid")
                                    .param(task.path("taskId").asString())
                                    .query(String.class)
                                    .single())
                    .isEqualTo(task.path("status").asString());
        }
        assertThat(refused).as("requests met the outage").isNotEmpty();
        for (Answer answer : refused) {
            HttpResponse<String> response = answer.response();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(response.body()).path("type").asString())
                    .endsWith("/database-unavailable");
        }
        // What was cut off by the outage is ended by the sweep, and each refused request succeeds
        // when sent again.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                db.sql("select count(*) from task where status = 'running'")
                                                .query(Long.class)
                                                .single()
                                        == 0);
        for (Answer answer : refused) {
            int n = Integer.parseInt(answer.key().substring("restart-".length()));
            HttpResponse<String> retried =
                    ServiceProcesses.leadTask(
                            rungPort, answer.key(), ServiceProcesses.lead("restart", n));
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        }
    }

    private static EmbeddedPostgres database(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .start();
    }
}
