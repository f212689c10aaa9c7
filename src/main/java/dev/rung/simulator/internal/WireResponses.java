package dev.rung.simulator.internal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/** Chat Completions bodies and error bodies in exactly the shape OpenAI sends them. */
final class WireResponses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireResponses() {}

    record Usage(int prompt, int cached, int completion, int reasoning) {}

    static ObjectNode completion(
            String id,
            String datedModel,
            String content,
            String refusal,
            String finishReason,
            Usage usage,
            JsonNode logprobs,
            String serviceTier) {
        ObjectNode body = NODES.objectNode();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", datedModel);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        message.putArray("annotations");
        if (logprobs == null) {
            choice.putNull("logprobs");
        } else {
            choice.set("logprobs", logprobs);
        }
        choice.put("finish_reason", finishReason);
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("prompt_tokens", usage.prompt());
        usageNode.put("completion_tokens", usage.completion());
        usageNode.put("total_tokens", usage.prompt() + usage.completion());
        ObjectNode promptDetails = usageNode.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", usage.cached());
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usageNode.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", usage.reasoning());
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
        body.put("service_tier", serviceTier);
        body.putNull("system_fingerprint");
        return body;
    }

    static ResponseEntity<ObjectNode> rateLimited(
            String model, long limit, HttpHeaders headers, Duration retryAfter) {
        headers.set(
                "retry-after", String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return error(
                HttpStatus.TOO_MANY_REQUESTS,
                headers,
                "Rate limit reached for "
                        + model
                        + " in organization org-simulator on requests per min (RPM): Limit "
                        + limit
                        + ". Please try again in "
                        + retryAfter.toMillis()
                        + "ms.",
                "requests",
                "rate_limit_exceeded");
    }

    /**
     * Flex short of capacity: 429 "Resource Unavailable", which OpenAI documents by its status and
     * name; the body follows its error shape, with a code of our choosing (src/test/resources/
     * openai-wire/README.md).
     */
    static ResponseEntity<ObjectNode> flexUnavailable(HttpHeaders headers) {
        return error(
                HttpStatus.TOO_MANY_REQUESTS,
                headers,
                "Resource unavailable: flex processing has no capacity for this request right now."
                        + " Retry later, or send it without service_tier flex.",
                "server_error",
                "resource_unavailable");
    }

    static ResponseEntity<ObjectNode> serverError(HttpHeaders headers) {
        return error(
                HttpStatus.INTERNAL_SERVER_ERROR,
                headers,
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                null);
    }

    static ResponseEntity<ObjectNode> badRequest(
            HttpHeaders headers, String message, String param) {
        ResponseEntity<ObjectNode> response =
                error(HttpStatus.BAD_REQUEST, headers, message, "invalid_request_error", null);
        ((ObjectNode) response.getBody().get("error")).put("param", param);
        return response;
    }

    static ResponseEntity<ObjectNode> error(
            HttpStatus status, HttpHeaders headers, String message, String type, String code) {
        ObjectNode body = NODES.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    /**
     * Go-style duration as OpenAI writes it in {@code x-ratelimit-reset-*}: "120ms", "6.5s",
     * "1m0s".
     */
    static String goDuration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        double seconds = (millis % 60_000) / 1000.0;
        String secondsText =
                seconds == Math.rint(seconds)
                        ? String.valueOf((long) seconds)
                        : String.valueOf(seconds);
        return minutes > 0 ? minutes + "m" + secondsText + "s" : secondsText + "s";
    }
}
