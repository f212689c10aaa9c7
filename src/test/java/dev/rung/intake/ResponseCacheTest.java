package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

class ResponseCacheTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void theSameInputIsAnsweredFromTheCacheAtNoCost() {
        simulatorFaults(Map.of());
        String company = "Cache Co " + UUID.randomUUID();
        String form =
                """
                {"subjectId":"%s","form":{"fields":{"Company":"%s","Email":"a@cacheco.io","Job Title":"CTO"}}}\
                """;

        JsonNode first = body(post("/v1/tasks/field-extraction", form.formatted("s-1", company)));
        JsonNode second = body(post("/v1/tasks/field-extraction", form.formatted("s-2", company)));
        JsonNode bypassed =
                body(
                        post(
                                "/v1/tasks/field-extraction",
                                form.formatted("s-3", company),
                                Map.of("Cache-Control", "no-cache")));

        assertThat(first.path("cacheHit").asBoolean()).isFalse();
        assertThat(first.path("costUsd").decimalValue()).isPositive();
        assertThat(second.path("cacheHit").asBoolean()).isTrue();
        assertThat(second.path("status").asString()).isEqualTo("succeeded");
        assertThat(second.path("result")).isEqualTo(first.path("result"));
        assertThat(second.path("attempts")).isEmpty();
        assertThat(second.path("costUsd").decimalValue()).isZero();
        assertThat(second.path("latencyMs").asLong()).isNotNegative();
        assertThat(bypassed.path("cacheHit").asBoolean()).isFalse();
        assertThat(bypassed.path("attempts")).isNotEmpty();
        assertThat(
                        jdbc.sql("select cache_hit from task where id = ?::uuid")
                                .param(second.path("taskId").asString())
                                .query(Boolean.class)
                                .single())
                .isTrue();
    }

    @Test
    void cacheHitsAreCountedInReadoutsAndCanBeLeftOut() {
        simulatorFaults(Map.of());
        String id =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"cache","taskType":"field-extraction","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                                """))
                        .path("id")
                        .asString();
        post("/v1/experiments/" + id + "/start", "{}");
        try {
            String batch = UUID.randomUUID().toString();
            for (int i = 0; i < 40; i++) {
                post(
                        "/v1/tasks/field-extraction",
                        """
                        {"subjectId":"%s-%d","form":{"fields":{"Company":"Repeat %s %d","Country":"DE"}}}\
                        """
                                .formatted(batch, i, batch, i % 10));
            }
            JsonNode all = body(get("/v1/experiments/" + id + "/readout"));
            JsonNode withoutHits =
                    body(get("/v1/experiments/" + id + "/readout?excludeCacheHits=true"));

            long hits =
                    all.path("arms")
                            .valueStream()
                            .mapToLong(arm -> arm.path("cacheHits").asLong())
                            .sum();
            long tasks =
                    all.path("arms")
                            .valueStream()
                            .mapToLong(arm -> arm.path("tasks").asLong())
                            .sum();
            long fresh =
                    withoutHits
                            .path("arms")
                            .valueStream()
                            .mapToLong(arm -> arm.path("tasks").asLong())
                            .sum();
            assertThat(hits).isPositive();
            assertThat(tasks).isEqualTo(40);
            assertThat(fresh).isEqualTo(40 - hits);
            assertThat(
                            withoutHits
                                    .path("arms")
                                    .valueStream()
                                    .mapToLong(arm -> arm.path("cacheHits").asLong())
                                    .sum())
                    .isZero();
        } finally {
            post("/v1/experiments/" + id + "/stop", "{}");
        }
    }
}
