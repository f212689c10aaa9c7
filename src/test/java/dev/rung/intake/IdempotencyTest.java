package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

class IdempotencyTest extends IntegrationTest {

    static final String LEAD =
            """
            {"subjectId":"s-%s","lead":{"email":"ana@example.org","company":"Example","message":"Demo please"}}\
            """;

    @BeforeEach
    void perfectModels() {
        simulatorFaults(Map.of());
    }

    @AfterEach
    void configuredModels() {
        resetSimulator();
    }

    /**
     * Hashes the version before task types were data gave these requests (computed by that
     * version): a retry after the upgrade, in the new body or the old one, finds the task stored
     * before it.
     */
    @Test
    void aKeyFirstUsedBeforeTaskTypesWereDataStillFindsItsTask() {
        String lead =
                legacyTask(
                        "lead-classification",
                        "legacy-1",
                        "legacy-key-1",
                        "e84aab04c9d1ed0562d6a858742bf0b7ae20074a5a5acb07ae2b0d03cf00ea52");
        String ticket =
                legacyTask(
                        "ticket-tagging",
                        "legacy-2",
                        "legacy-key-2",
                        "ef81f8a7ff7c752299a4eb55e3fa843ff6bb9fa4c0d71d71c4b8ffd0ef5eaedb");
        String form =
                legacyTask(
                        "field-extraction",
                        "legacy-3",
                        "legacy-key-3",
                        "b53b25e3314601e16b5f6a4711f5a47ad2703c0faf71bf891a99fef826a9b5ac");

        var leadAgain =
                post(
                        "/v1/tasks/lead-classification",
                        "{\"subjectId\":\"legacy-1\",\"input\":{\"email\":\"a@b.co\",\"companySize\":50,\"message\":\"Pricing?\"}}",
                        Map.of("Idempotency-Key", "legacy-key-1"));
        var ticketAgain =
                post(
                        "/v1/tasks/ticket-tagging",
                        "{\"subjectId\":\"legacy-2\",\"ticket\":{\"subject\":\"s\",\"body\":\"b\"},\"stakes\":{\"customerFacing\":true}}",
                        Map.of("Idempotency-Key", "legacy-key-2"));
        var formAgain =
                post(
                        "/v1/tasks/field-extraction",
                        "{\"subjectId\":\"legacy-3\",\"form\":{\"fields\":{\"b\":\"2\",\"a\":\"1\"}}}",
                        Map.of("Idempotency-Key", "legacy-key-3"));
        var otherBody =
                post(
                        "/v1/tasks/lead-classification",
                        "{\"subjectId\":\"legacy-1\",\"input\":{\"email\":\"a@b.co\",\"companySize\":51,\"message\":\"Pricing?\"}}",
                        Map.of("Idempotency-Key", "legacy-key-1"));

        assertThat(List.of(leadAgain, ticketAgain, formAgain))
                .allSatisfy(
                        again -> {
                            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
                            assertThat(again.headers().firstValue("Idempotent-Replayed"))
                                    .hasValue("true");
                        });
        assertThat(body(leadAgain).path("taskId").asString()).isEqualTo(lead);
        assertThat(body(ticketAgain).path("taskId").asString()).isEqualTo(ticket);
        assertThat(body(formAgain).path("taskId").asString()).isEqualTo(form);
        assertThat(otherBody.statusCode()).isEqualTo(422);
    }

    private String legacyTask(String type, String subject, String key, String hash) {
        return jdbc.sql(
                        """
                        insert into task (id, type, subject_id, idempotency_key, request_hash, input, status, tier, policy,
                                          simulated, latency_ms, created_at, finished_at)
                        values (overlay(task_id_at(now())::text placing substr(md5(random()::text), 1, 12) from 25)::uuid, ?, ?, ?, ?,
                                '{}', 'succeeded', 'B', 'nano-first', true, 10, now(), now())
                        returning id::text\
                        """)
                .param(type)
                .param(subject)
                .param(key)
                .param(hash)
                .query(String.class)
                .single();
    }

    @Test
    void theSameKeyAndBodyReturnTheStoredTaskWithoutANewModelCall() {
        String key = UUID.randomUUID().toString();
        String lead = LEAD.formatted(key);
        JsonNode first =
                body(post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key)));

        var again =
                post(
                        "/v1/tasks/lead-classification",
                        lead.replace(", ", ",  "),
                        Map.of("Idempotency-Key", key));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(body(again)).isEqualTo(first);
        assertThat(attemptsOf(first)).isEqualTo(first.path("attempts").size());
        assertThat(
                        jdbc.sql("select count(*) from task where idempotency_key = ?")
                                .param(key)
                                .query(Integer.class)
                                .single())
                .isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        post("/v1/tasks/lead-classification", LEAD.formatted(key), Map.of("Idempotency-Key", key));

        var reused =
                post(
                        "/v1/tasks/lead-classification",
                        LEAD.formatted("other"),
                        Map.of("Idempotency-Key", key));

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(body(reused).path("type").asString())
                .isEqualTo("https://rung.dev/problems/idempotency-key-reused");
        assertThat(
                        jdbc.sql("select count(*) from task where subject_id = 's-other'")
                                .query(Integer.class)
                                .single())
                .isZero();
    }

    @Test
    void aRetryWhileTheFirstRequestRunsGets409() throws Exception {
        put(
                "/v1/admin/simulator/scenario",
                json.writeValueAsString(
                        ((tools.jackson.databind.node.ObjectNode)
                                        body(get("/v1/admin/simulator/scenario")))
                                .put("latencyScale", 4.0)));
        String key = UUID.randomUUID().toString();
        String lead = LEAD.formatted(key);
        CompletableFuture<HttpResponse<String>> first =
                CompletableFuture.supplyAsync(
                        () ->
                                post(
                                        "/v1/tasks/lead-classification",
                                        lead,
                                        Map.of("Idempotency-Key", key)));
        // The first request holds the key once its task row is stored; its answer is seconds away.
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from task_idempotency_key"
                                                                + " where idempotency_key = ?")
                                                .param(key)
                                                .query(Integer.class)
                                                .single()
                                        == 1);

        var retry = post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key));

        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(body(retry).path("type").asString())
                .isEqualTo("https://rung.dev/problems/request-in-progress");
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(
                        post("/v1/tasks/lead-classification", lead, Map.of("Idempotency-Key", key))
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void concurrentRepeatsOfAQueuedTaskQueueItOnce() {
        String key = UUID.randomUUID().toString();
        String lead = LEAD.formatted(key);

        List<HttpResponse<String>> answers =
                IntStream.range(0, 8)
                        .mapToObj(
                                i ->
                                        CompletableFuture.supplyAsync(
                                                () ->
                                                        post(
                                                                "/v1/tasks/lead-classification?mode=async",
                                                                lead,
                                                                Map.of("Idempotency-Key", key))))
                        .toList()
                        .stream()
                        .map(CompletableFuture::join)
                        .toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(202));
        assertThat(
                        answers.stream()
                                .map(answer -> body(answer).path("taskId").asString())
                                .distinct())
                .hasSize(1);
        assertThat(
                        jdbc.sql("select count(*) from task where idempotency_key = ?")
                                .param(key)
                                .query(Integer.class)
                                .single())
                .isEqualTo(1);
        assertThat(
                        jdbc.sql(
                                        "select count(*) from task_idempotency_key k join task t on"
                                                + " t.id = k.task_id where k.idempotency_key = ?")
                                .param(key)
                                .query(Integer.class)
                                .single())
                .isEqualTo(1);
    }

    private int attemptsOf(JsonNode task) {
        return jdbc.sql("select count(*) from attempt where task_id = ?")
                .param(UUID.fromString(task.path("taskId").asString()))
                .query(Integer.class)
                .single();
    }
}
