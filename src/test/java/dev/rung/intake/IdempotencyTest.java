package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IdempotencyTest extends IntegrationTest {

    static final String LEAD = """
            {"subjectId":"s-%s","lead":{"email":"ana@example.org","company":"Example","message":"Demo please"}}""";

    @BeforeEach
    void perfectModels() {
        simulatorFaults(Map.of());
    }

    @AfterEach
    void configuredModels() {
        resetSimulator();
    }

    @Test
    void theSameKeyAndBodyReturnTheStoredTaskWithoutANewModelCall() {
        String key = UUID.randomUUID().toString();
        String lead = LEAD.formatted(key);
        JsonNode first = body(post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key)));

        var again = post("/v1/tasks/lead-classification", lead.replace(", ", ",  "), Map.of("Idempotency-Key", key));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(body(again)).isEqualTo(first);
        assertThat(attemptsOf(first)).isEqualTo(first.path("attempts").size());
        assertThat(jdbc.sql("select count(*) from task where idempotency_key = ?").param(key).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        post("/v1/tasks/lead-classification", LEAD.formatted(key), Map.of("Idempotency-Key", key));

        var reused = post("/v1/tasks/lead-classification", LEAD.formatted("other"), Map.of("Idempotency-Key", key));

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(body(reused).path("type").asString()).isEqualTo("https://rung.dev/problems/idempotency-key-reused");
        assertThat(jdbc.sql("select count(*) from task where subject_id = 's-other'").query(Integer.class).single()).isZero();
    }

    @Test
    void aRetryWhileTheFirstRequestRunsGets409() throws Exception {
        put("/v1/admin/simulator/scenario", json.writeValueAsString(
                ((tools.jackson.databind.node.ObjectNode) body(get("/v1/admin/simulator/scenario"))).put("latencyScale", 4.0)));
        String key = UUID.randomUUID().toString();
        String lead = LEAD.formatted(key);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key)));
        Thread.sleep(500);

        var retry = post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key));

        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(body(retry).path("type").asString()).isEqualTo("https://rung.dev/problems/request-in-progress");
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key)).statusCode()).isEqualTo(200);
    }

    @Test
    void concurrentRepeatsOfAQueuedTaskQueueItOnce() {
        String key = UUID.randomUUID().toString();
        String lead = LEAD.formatted(key);

        List<HttpResponse<String>> answers = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> post("/v1/tasks/lead-classification?mode=async", lead, Map.of("Idempotency-Key", key))))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(202));
        assertThat(answers.stream().map(answer -> body(answer).path("taskId").asString()).distinct()).hasSize(1);
        assertThat(jdbc.sql("select count(*) from task where idempotency_key = ?").param(key).query(Integer.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from task_idempotency_key k join task t on t.id = k.task_id"
                + " where k.idempotency_key = ?").param(key).query(Integer.class).single()).isEqualTo(1);
    }

    private int attemptsOf(JsonNode task) {
        return jdbc.sql("select count(*) from attempt where task_id = ?")
                .param(UUID.fromString(task.path("taskId").asString())).query(Integer.class).single();
    }
}
