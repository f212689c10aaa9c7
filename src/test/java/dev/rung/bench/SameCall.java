package dev.rung.bench;

import dev.rung.task.RenderedPrompt;
import dev.rung.task.RequestCheck;
import dev.rung.task.TaskDefinition;
import dev.rung.task.internal.OfflineDefinitions;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * One lead, as a task for Rung and as the very call Rung makes for it: the same rendered prompt,
 * output schema and parameters, built by Rung's own code from the shipped definition.
 */
final class SameCall {

    private final TaskDefinition lead = OfflineDefinitions.shipped("lead-classification");
    private final JsonMapper json = JsonMapper.builder().build();

    private static String task(int rate, long n) {
        return """
        {"subjectId":"b-%d-%d","lead":{"email":"p%d@bench%d.example","message":"Pricing for %d seats?"}}\
        """
                .formatted(rate, n, n, rate, n);
    }

    HttpRequest throughRung(int port, int rate, long n) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/tasks/lead-classification"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("X-API-Key", "rung-local-dev-key")
                .POST(HttpRequest.BodyPublishers.ofString(task(rate, n)))
                .build();
    }

    /** The Chat Completions call Rung sends to its first rung (gpt-5.4-nano) for the same lead. */
    HttpRequest direct(int port, int rate, long n) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/simulator/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-bench")
                .POST(HttpRequest.BodyPublishers.ofString(upstreamBody(rate, n)))
                .build();
    }

    /**
     * The same call sent through the Portkey gateway, which forwards it to the simulator as a
     * custom OpenAI host.
     */
    HttpRequest throughPortkey(int portkeyPort, int simulatorPort, int rate, long n) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + portkeyPort + "/v1/chat/completions"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-bench")
                .header("x-portkey-provider", "openai")
                .header(
                        "x-portkey-custom-host",
                        "http://127.0.0.1:" + simulatorPort + "/simulator/v1")
                .POST(HttpRequest.BodyPublishers.ofString(upstreamBody(rate, n)))
                .build();
    }

    private String upstreamBody(int rate, long n) {
        var request =
                ((RequestCheck.Valid) lead.contract().request(json.readTree(task(rate, n))))
                        .request();
        RenderedPrompt prompt = lead.render(request);
        var nodes = JsonNodeFactory.instance;
        ObjectNode body = nodes.objectNode();
        body.putArray("messages")
                .add(nodes.objectNode().put("content", prompt.system()).put("role", "system"))
                .add(nodes.objectNode().put("content", prompt.user()).put("role", "user"));
        body.put("model", "gpt-5.4-nano");
        body.put("max_completion_tokens", lead.maxOutputTokens());
        body.put("prompt_cache_key", prompt.cacheKey());
        body.put("reasoning_effort", "none");
        ObjectNode schema =
                body.putObject("response_format")
                        .put("type", "json_schema")
                        .putObject("json_schema");
        schema.put("name", lead.schemaName())
                .put("strict", true)
                .set("schema", lead.outputSchema());
        return body.toString();
    }
}
