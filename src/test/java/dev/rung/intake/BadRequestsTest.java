package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

/** Every refusal is problem+json with a stable type, and a refused request stores nothing. */
class BadRequestsTest extends IntegrationTest {

    static Stream<Arguments> refusedBodies() {
        return Stream.of(
                Arguments.of(
                        "lead-classification",
                        "{\"subjectId\":\"x\",\"lead\":{\"email\":\"not-an-email\"}}",
                        400,
                        "invalid-request"),
                Arguments.of(
                        "lead-classification",
                        "{\"lead\":{\"email\":\"a@b.co\"}}",
                        400,
                        "invalid-request"),
                Arguments.of(
                        "lead-classification", "{\"subjectId\":\"x\"}", 400, "invalid-request"),
                Arguments.of(
                        "lead-classification",
                        "{\"subjectId\":\"x\",\"lead\":{\"email\":\"a@b.co\",\"companySize\":-5}}",
                        400,
                        "invalid-request"),
                Arguments.of(
                        "lead-classification",
                        "{\"subjectId\":\"x\",\"lead\":{\"email\":\"a@b.co\"},\"extra\":1}",
                        400,
                        "invalid-request"),
                Arguments.of(
                        "lead-classification",
                        "{\"subjectId\":\"x\",\"lead\":{\"email\":\"a@b.co\",\"companySize\":\"many\"}}",
                        400,
                        "invalid-request"),
                Arguments.of("lead-classification", "{\"subjectId\":", 400, "malformed-json"),
                Arguments.of("lead-classification", "", 400, "malformed-json"),
                Arguments.of(
                        "ticket-tagging",
                        "{\"subjectId\":\"x\",\"ticket\":{\"subject\":\"\",\"body\":\"b\"}}",
                        400,
                        "invalid-request"),
                Arguments.of(
                        "field-extraction",
                        "{\"subjectId\":\"x\",\"form\":{}}",
                        400,
                        "invalid-request"),
                Arguments.of("summarise-call", "{\"subjectId\":\"x\"}", 404, "unknown-task-type"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("refusedBodies")
    void refusesWithAProblemAndStoresNothing(String type, String body, int status, String problem) {
        int before = taskCount();

        var response = post("/v1/tasks/" + type, body);

        assertProblem(response, status, problem);
        assertThat(taskCount()).isEqualTo(before);
    }

    @Test
    void validationProblemsNameEachField() {
        JsonNode problem =
                body(post("/v1/tasks/lead-classification", "{\"lead\":{\"email\":\"nope\"}}"));

        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder("subjectId", "lead.email");
        assertThat(problem.path("title").asString()).isEqualTo("The request is not valid");
    }

    @Test
    void bodiesOver64KibAreRefusedBeforeParsing() {
        String huge =
                "{\"subjectId\":\"x\",\"lead\":{\"email\":\"a@b.co\",\"message\":\""
                        + "a".repeat(70_000)
                        + "\"}}";
        int before = taskCount();

        assertProblem(post("/v1/tasks/lead-classification", huge), 413, "payload-too-large");
        var chunked =
                send(
                        HttpRequest.newBuilder(uri("/v1/tasks/lead-classification"))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () ->
                                                        new java.io.ByteArrayInputStream(
                                                                huge.getBytes())))
                                .build());
        assertProblem(chunked, 413, "payload-too-large");
        assertThat(taskCount()).isEqualTo(before);
    }

    @Test
    void otherMistakesAreProblemsToo() {
        assertProblem(get("/v1/tasks/" + java.util.UUID.randomUUID()), 404, "task-not-found");
        assertProblem(get("/v1/tasks/not-a-uuid"), 400, "invalid-request");
        assertProblem(
                send(
                        HttpRequest.newBuilder(uri("/v1/tasks/lead-classification"))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("hi"))
                                .build()),
                415,
                "unsupported-media-type");
        assertProblem(
                post(
                        "/v1/tasks/lead-classification",
                        "{}",
                        java.util.Map.of("Idempotency-Key", "has space")),
                400,
                "invalid-request");
        assertProblem(
                delete("/v1/tasks/" + java.util.UUID.randomUUID()), 405, "method-not-allowed");
        assertProblem(get("/v1/nothing-here"), 404, "not-found");
    }

    @Test
    void whatTheServerRefusesBeforeRungIsAProblemToo() {
        int before = taskCount();

        var hugeHeader =
                post(
                        "/v1/tasks/lead-classification",
                        "{}",
                        Map.of("X-Padding", "p".repeat(20_000)));
        var ambiguousPath = post("/v1/tasks/%2e%2e", "{}");

        assertProblem(hugeHeader, 431, "invalid-request");
        assertProblem(ambiguousPath, 400, "invalid-request");
        assertThat(hugeHeader.body()).doesNotContain("ppp");
        assertThat(taskCount()).isEqualTo(before);
    }

    private void assertProblem(HttpResponse<String> response, int status, String problem) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = body(response);
        assertThat(body.path("type").asString()).isEqualTo("https://rung.dev/problems/" + problem);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
    }

    private int taskCount() {
        return jdbc.sql("select count(*) from task").query(Integer.class).single();
    }
}
