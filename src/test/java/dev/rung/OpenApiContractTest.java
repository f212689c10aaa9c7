package dev.rung;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code openapi.yaml} is the contract; the running service must serve exactly it. When a
 * controller changes, this fails and leaves the served document in {@code
 * target/openapi.served.yaml} to review and copy over.
 */
class OpenApiContractTest extends IntegrationTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theServiceServesTheCommittedContract() throws IOException {
        var response = get("/v3/api-docs.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        ObjectNode served = (ObjectNode) YAML.readTree(response.body());
        served.remove("servers");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.served.yaml"), YAML.writeValueAsString(served));

        JsonNode committed = YAML.readTree(Files.readString(Path.of("openapi.yaml")));

        assertThat(committed)
                .as(
                        "openapi.yaml differs from what the service serves; review"
                                + " target/openapi.served.yaml and copy it to openapi.yaml if the"
                                + " change is intended")
                .isEqualTo(served);
    }

    @Test
    void everySuccessResponseSaysWhatItHolds() throws IOException {
        JsonNode contract = YAML.readTree(Files.readString(Path.of("openapi.yaml")));
        java.util.List<String> unschematic = new java.util.ArrayList<>();
        for (var path : contract.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                for (var response : operation.getValue().path("responses").properties()) {
                    String status = response.getKey();
                    if (!status.startsWith("2") || status.equals("204")) {
                        continue;
                    }
                    JsonNode content = response.getValue().path("content");
                    if (content.isEmpty()
                            || content.valueStream().anyMatch(media -> !media.has("schema"))) {
                        unschematic.add(operation.getKey() + " " + path.getKey() + " " + status);
                    }
                }
            }
        }
        assertThat(unschematic).as("success responses without a schema").isEmpty();
    }

    @Test
    void swaggerUiServesTheContractWithoutAKey() {
        var page =
                send(
                        java.net.http.HttpRequest.newBuilder(uri("/swagger-ui/index.html"))
                                .GET()
                                .build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        var config =
                send(
                        java.net.http.HttpRequest.newBuilder(uri("/v3/api-docs/swagger-config"))
                                .GET()
                                .build());
        assertThat(config.body()).contains("/v3/api-docs");
    }

    @Test
    void everyProblemResponseShowsAnExampleOfEachProblemTypeItCanCarry() throws IOException {
        JsonNode contract = YAML.readTree(Files.readString(Path.of("openapi.yaml")));
        JsonNode examples = contract.path("components").path("examples");
        for (String slug :
                new String[] {
                    "invalid-request",
                    "malformed-json",
                    "unauthorized",
                    "forbidden",
                    "task-not-found",
                    "experiment-not-found",
                    "invalid-transition",
                    "payload-too-large",
                    "idempotency-key-reused",
                    "no-capacity",
                    "budget-exhausted",
                    "internal-error"
                }) {
            assertThat(examples.path(slug).path("value").path("type").asString())
                    .isEqualTo("https://rung.dev/problems/" + slug);
        }
        contract.path("paths")
                .properties()
                .forEach(
                        path ->
                                path.getValue()
                                        .properties()
                                        .forEach(
                                                operation ->
                                                        operation
                                                                .getValue()
                                                                .path("responses")
                                                                .properties()
                                                                .forEach(
                                                                        response -> {
                                                                            JsonNode problem =
                                                                                    response.getValue()
                                                                                            .path(
                                                                                                    "content")
                                                                                            .path(
                                                                                                    "application/problem+json");
                                                                            if (!problem
                                                                                    .isMissingNode()) {
                                                                                assertThat(
                                                                                                problem.path(
                                                                                                                "examples")
                                                                                                        .size())
                                                                                        .as(
                                                                                                operation
                                                                                                                .getKey()
                                                                                                        + " "
                                                                                                        + path
                                                                                                                .getKey()
                                                                                                        + " "
                                                                                                        + response
                                                                                                                .getKey())
                                                                                        .isPositive();
                                                                            }
                                                                        })));
        JsonNode readout =
                contract.path("paths")
                        .path("/v1/experiments/{id}/readout")
                        .path("get")
                        .path("responses");
        assertThat(
                        readout.path("401")
                                .path("content")
                                .path("application/problem+json")
                                .path("examples")
                                .has("unauthorized"))
                .isTrue();
        assertThat(readout.path("403").isMissingNode()).isFalse();
    }
}
