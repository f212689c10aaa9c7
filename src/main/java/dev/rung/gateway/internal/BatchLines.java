package dev.rung.gateway.internal;

import dev.rung.gateway.BatchResult;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.TokenLogprob;
import dev.rung.gateway.TokenUsage;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Batch API's JSONL on both sides: a request line holds the same Chat Completions body a
 * synchronous call sends (strict {@code response_format}, {@code max_completion_tokens}, {@code
 * reasoning_effort}, {@code prompt_cache_key}, log-probabilities when asked), and an output or
 * error line is read into the same {@link ModelOutcome} a synchronous call gives, so one set of
 * checks judges both.
 */
final class BatchLines {

    static final String ENDPOINT = "/v1/chat/completions";

    private final JsonMapper json;

    BatchLines(JsonMapper json) {
        this.json = json;
    }

    String line(String customId, ModelRequest request) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", ENDPOINT);
        ObjectNode body = line.putObject("body");
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.systemMessage());
        messages.addObject().put("role", "user").put("content", request.userMessage());
        body.put("max_completion_tokens", request.maxOutputTokens());
        ObjectNode schema = body.putObject("response_format").put("type", "json_schema");
        schema.putObject("json_schema")
                .put("name", request.schemaName())
                .put("strict", true)
                .set("schema", request.outputSchema());
        if (request.promptCacheKey() != null) {
            body.put("prompt_cache_key", request.promptCacheKey());
        }
        if (request.reasoningEffort() != null) {
            body.put("reasoning_effort", request.reasoningEffort().wireValue());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.sendsLogprobs()) {
            body.put("logprobs", true);
            if (request.topLogprobs() > 0) {
                body.put("top_logprobs", request.topLogprobs());
            }
        }
        return line.toString();
    }

    /** One output or error line; empty when it is not JSON or names no request. */
    Optional<BatchResult> result(String text) {
        JsonNode line;
        try {
            line = json.readTree(text);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        String customId = line.path("custom_id").asString("");
        if (customId.isEmpty()) {
            return Optional.empty();
        }
        JsonNode response = line.path("response");
        if (!response.isObject()) {
            String code = line.path("error").path("code").asString("unknown");
            return Optional.of(new BatchResult.NotRun(customId, code));
        }
        int status = response.path("status_code").asInt();
        Optional<String> requestId = text(response.path("request_id"));
        JsonNode body = response.path("body");
        if (status / 100 != 2) {
            JsonNode error = body.path("error");
            Optional<String> code = text(error.path("code"));
            FailureClass failureClass = FailureClassifier.classify(status, code);
            return Optional.of(
                    new BatchResult.Ran(
                            customId,
                            new ModelOutcome.Failure(
                                    failureClass,
                                    status,
                                    code,
                                    error.path("message").asString("batch request failed"),
                                    Optional.empty(),
                                    Duration.ZERO,
                                    requestId,
                                    Map.of())));
        }
        return Optional.of(new BatchResult.Ran(customId, answer(body, requestId)));
    }

    private ModelOutcome.Answer answer(JsonNode body, Optional<String> requestId) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        String content = message.path("content").asString("");
        JsonNode usage = body.path("usage");
        return new ModelOutcome.Answer(
                content,
                parse(content),
                text(message.path("refusal")).filter(refusal -> !refusal.isBlank()),
                FinishReason.of(choice.path("finish_reason").asString(null)),
                new TokenUsage(
                        usage.path("prompt_tokens").asLong(),
                        usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                        usage.path("completion_tokens").asLong(),
                        usage.path("completion_tokens_details").path("reasoning_tokens").asLong()),
                body.path("model").asString(""),
                Duration.ZERO,
                requestId,
                Map.of(),
                logprobs(choice.path("logprobs").path("content")));
    }

    private static Optional<List<TokenLogprob>> logprobs(JsonNode content) {
        if (!content.isArray()) {
            return Optional.empty();
        }
        List<TokenLogprob> tokens = new ArrayList<>();
        content.forEach(
                token ->
                        tokens.add(
                                new TokenLogprob(
                                        token.path("token").asString(""),
                                        token.path("logprob").asDouble())));
        return Optional.of(tokens);
    }

    private Optional<JsonNode> parse(String content) {
        if (content.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(content));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }
}
