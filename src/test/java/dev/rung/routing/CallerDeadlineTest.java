package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.experiments.ExperimentsTest;
import dev.rung.support.ServiceClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A caller's deadline against the models' observed latency, on a simulator where nano takes about
 * 1.2 s and mini a few milliseconds (its own context, so no other test's calls are in the
 * observations).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class CallerDeadlineTest extends ServiceClient {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void slowNano(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("rung.simulator.latency-scale", () -> "1.0");
        registry.add("rung.simulator.models.[gpt-5.4-nano].time-to-first-token", () -> "1200ms");
        registry.add("rung.simulator.models.[gpt-5.4-nano].tokens-per-second", () -> "100000");
        registry.add("rung.simulator.models.[gpt-5.4-mini].time-to-first-token", () -> "5ms");
        registry.add("rung.simulator.models.[gpt-5.4-mini].tokens-per-second", () -> "100000");
    }

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aRungThatCannotFinishBeforeTheDeadlineIsSkipped() throws Exception {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        // Every nano answer fails its rule and climbs: both models' latencies are observed.
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("ruleViolation", 1.0)));
        postAll(
                "/v1/tasks/lead-classification",
                IntStream.range(0, 25).mapToObj(i -> ExperimentsTest.lead(batch, i)).toList());
        simulatorFaults(Map.of());

        // PostgreSQL keeps microseconds.
        Instant deadline = Instant.now().plusMillis(800).truncatedTo(ChronoUnit.MICROS);
        JsonNode task = submit(batch, 100, deadline.toString(), null);

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("attempts").valueStream().map(a -> a.path("model").asString()))
                .as("nano, lately 1.2 s, cannot answer within 0.8 s: mini starts")
                .containsExactly("gpt-5.4-mini");
        assertThat(Instant.parse(task.path("deadline").asString())).isEqualTo(deadline);
        assertThat(
                        Instant.parse(
                                body(get("/v1/tasks/" + task.path("taskId").asString()))
                                        .path("deadline")
                                        .asString()))
                .as("stored")
                .isEqualTo(deadline);

        JsonNode roomy = submit(batch, 101, Instant.now().plusSeconds(30).toString(), null);
        assertThat(roomy.path("attempts").get(0).path("model").asString())
                .as("with time enough the ladder starts at its first rung")
                .isEqualTo("gpt-5.4-nano");
    }

    @Test
    void aQueuedTaskKeepsItsDeadlineUntilItRuns() {
        Instant deadline = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        var accepted =
                post(
                        "/v1/tasks/lead-classification?mode=async",
                        withDeadline(ExperimentsTest.lead("queued", 1), "\"" + deadline + "\""));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = body(accepted).path("taskId").asString();

        JsonNode task =
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(
                                () -> body(get("/v1/tasks/" + id)),
                                t -> t.path("status").asString().equals("failed"));
        assertThat(Instant.parse(task.path("deadline").asString())).isEqualTo(deadline);
        assertThat(task.path("failureReason").asString()).isEqualTo("deadline_unreachable");
    }

    @Test
    void aDeadlineAlreadyPassedEndsTheTaskWithoutACall() {
        JsonNode task =
                submit("late", 1, null, Instant.now().minus(Duration.ofSeconds(1)).toString());

        assertThat(task.path("status").asString()).isEqualTo("failed");
        assertThat(task.path("failureReason").asString()).isEqualTo("deadline_unreachable");
        assertThat(task.path("attempts")).isEmpty();
    }

    @Test
    void aDeadlineThatIsNotAnInstantIsAProblem() {
        for (var bad :
                List.of(
                        Map.of("body", "\"tomorrow\""),
                        Map.of("header", "soon"),
                        Map.of(
                                "body",
                                "\"2026-11-30T18:00:05Z\"",
                                "header",
                                "2026-11-30T18:00:06Z"))) {
            var response =
                    post(
                            "/v1/tasks/lead-classification",
                            withDeadline(ExperimentsTest.lead("bad", 1), bad.get("body")),
                            bad.containsKey("header")
                                    ? Map.of("X-Rung-Deadline", bad.get("header"))
                                    : Map.of());
            assertThat(response.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type").orElseThrow())
                    .startsWith("application/problem+json");
        }
    }

    private JsonNode submit(String batch, int i, String bodyDeadline, String headerDeadline) {
        var response =
                post(
                        "/v1/tasks/lead-classification",
                        withDeadline(
                                ExperimentsTest.lead(batch, i),
                                bodyDeadline == null ? null : "\"" + bodyDeadline + "\""),
                        headerDeadline == null
                                ? Map.of()
                                : Map.of("X-Rung-Deadline", headerDeadline));
        return body(response);
    }

    private static String withDeadline(String lead, String deadline) {
        return deadline == null
                ? lead
                : lead.substring(0, lead.lastIndexOf('}')) + ",\"deadline\":" + deadline + "}";
    }
}
