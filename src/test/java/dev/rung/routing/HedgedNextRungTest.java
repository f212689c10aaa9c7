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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A next-rung hedge: a nano call that hangs past nano's observed p95 is raced by mini's call, which
 * answers first; the task is mini's answer, nano's call is cancelled and on record (its own
 * context: no other test's calls are in the observed latencies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class HedgedNextRungTest extends ServiceClient {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void nextRungHedges(DynamicPropertyRegistry registry) {
        HedgedCallTest.hedgingNanoFirst(registry, PORT, "200ms", "next-rung");
    }

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aHungCallIsRacedByTheNextRungWhichAnswersFirst() throws Exception {
        simulatorFaults(Map.of());
        String batch = UUID.randomUUID().toString().substring(0, 8);
        postAll(
                "/v1/tasks/lead-classification",
                IntStream.range(0, 40).mapToObj(i -> ExperimentsTest.lead(batch, i)).toList());

        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("timeout", 1.0)));
        JsonNode task =
                body(post("/v1/tasks/lead-classification", ExperimentsTest.lead(batch, 99)));

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        List<JsonNode> attempts = task.path("attempts").valueStream().toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(attempts.get(0).path("outcome").asString()).isEqualTo("cancelled");
        assertThat(attempts.get(0).path("detail").path("next").asString()).isEqualTo("superseded");
        assertThat(attempts.get(1).path("model").asString()).isEqualTo("gpt-5.4-mini");
        assertThat(attempts.get(1).path("rung").asInt()).isEqualTo(2);
        assertThat(attempts.get(1).path("outcome").asString()).isEqualTo("pass");
        assertThat(task.path("latencyMs").asLong())
                .as("about nano's p95 plus mini's answer, not nano's 5 s hang")
                .isLessThan(4_000);
    }
}
