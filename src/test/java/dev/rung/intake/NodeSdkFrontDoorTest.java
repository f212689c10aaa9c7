package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official OpenAI SDK for Node (npm {@code openai}, installed into {@code target/} on first
 * run; needs {@code node} and {@code npm}, which {@code .ci/run} installs) runs a task through
 * Rung's front door by its base URL and key alone, and gets its typed error for an unknown model.
 */
class NodeSdkFrontDoorTest extends IntegrationTest {

    static final String SDK = "openai@5.23.2";
    static final Path HOME = Path.of("target", "node-openai");

    @Test
    void theNodeSdkGetsATypedAnswerAndATypedError() throws Exception {
        simulatorFaults(Map.of());
        Files.createDirectories(HOME);
        if (!Files.isDirectory(HOME.resolve("node_modules/openai"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--silent", SDK), 300);
        }
        Files.copy(
                Path.of("src/test/node/front-door.mjs"),
                HOME.resolve("front-door.mjs"),
                StandardCopyOption.REPLACE_EXISTING);

        JsonNode out = json.readTree(run(List.of("node", "front-door.mjs"), 60).strip());

        assertThat(json.readTree(out.path("content").asString()).path("label").asString())
                .isNotEmpty();
        assertThat(out.path("model").asString()).startsWith("gpt-5.4");
        assertThat(out.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(
                        body(get("/v1/tasks/" + out.path("taskId").asString()))
                                .path("status")
                                .asString())
                .isEqualTo("succeeded");
        assertThat(out.path("error").path("kind").asString()).isEqualTo("NotFoundError");
        assertThat(out.path("error").path("status").asInt()).isEqualTo(404);
        assertThat(out.path("error").path("code").asString()).isEqualTo("model_not_found");
    }

    private String run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        builder.environment().put("OPENAI_BASE_URL", "http://localhost:" + port + "/v1");
        builder.environment().put("OPENAI_API_KEY", DEV_KEY);
        Process process = builder.start();
        String output;
        try (var stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
