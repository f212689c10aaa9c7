package dev.rung;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * REST callers need an API key with the endpoint's scope; keys are stored hashed and shown once.
 */
class AuthenticationTest extends IntegrationTest {

    static final String LEAD = "{\"subjectId\":\"auth\",\"lead\":{\"email\":\"a@b.example\"}}";

    @Test
    void callsWithoutAValidKeyAreRefused() {
        var anonymous = raw("POST", "/v1/tasks/lead-classification", LEAD, null);
        var wrong = raw("POST", "/v1/tasks/lead-classification", LEAD, "rk_not-a-key");
        var readOnly = raw("GET", "/v1/experiments", null, null);

        for (HttpResponse<String> refused : new HttpResponse[] {anonymous, wrong, readOnly}) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(body(refused).path("type").asString())
                    .isEqualTo("https://rung.dev/problems/unauthorized");
        }
        assertThat(raw("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyCanOnlyDoWhatItsScopesAllowAndIsShownOnce() {
        var created = post("/v1/api-keys", "{\"name\":\"reader\",\"scopes\":[\"tasks:read\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        String key = body(created).path("key").asString();
        assertThat(key).startsWith("rk_");
        assertThat(
                        jdbc.sql(
                                        "select count(*) from api_key where key_sha256 ="
                                                + " encode(sha256(?::bytea), 'hex')")
                                .param(key)
                                .query(Integer.class)
                                .single())
                .isEqualTo(1);
        assertThat(get("/v1/api-keys").body()).doesNotContain(key);

        var write = raw("POST", "/v1/tasks/lead-classification", LEAD, key);
        var read = raw("GET", "/v1/tasks/" + java.util.UUID.randomUUID(), null, key);

        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(body(write).path("type").asString())
                .isEqualTo("https://rung.dev/problems/forbidden");
        assertThat(read.statusCode()).isEqualTo(404);

        JsonNode listed = body(get("/v1/api-keys"));
        String id =
                listed.valueStream()
                        .filter(k -> k.path("name").asString().equals("reader"))
                        .findFirst()
                        .orElseThrow()
                        .path("id")
                        .asString();
        assertThat(delete("/v1/api-keys/" + id).statusCode()).isEqualTo(204);
        var unknown = delete("/v1/api-keys/" + java.util.UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        assertThat(raw("GET", "/v1/tasks/" + java.util.UUID.randomUUID(), null, key).statusCode())
                .isEqualTo(401);
        assertThat(
                        post("/v1/api-keys", "{\"name\":\"x\",\"scopes\":[\"everything\"]}")
                                .statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<String> raw(String method, String path, String body, String key) {
        var request =
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return send(request.build());
    }
}
