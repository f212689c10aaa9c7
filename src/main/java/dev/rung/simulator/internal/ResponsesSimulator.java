package dev.rung.simulator.internal;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /v1/responses}: OpenAI's Responses API over the same simulated models. The request is
 * read as the Chat Completions call it stands for ({@code instructions} the system message, {@code
 * input} the user's, {@code text.format} the response format, {@code max_output_tokens} the token
 * cap), answered by {@link ChatCompletionsSimulator} with its faults, limits and latency, and the
 * answer written back as a {@code response} object: a reasoning item when the model reasoned, a
 * message whose content is {@code output_text} or a {@code refusal}, {@code status: incomplete}
 * when the cap cut it, usage in the Responses names. Errors keep OpenAI's error body, which both
 * APIs share.
 */
@RestController
@Hidden
@RequestMapping(dev.rung.simulator.SimulatorServer.PATH_PREFIX)
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class ResponsesSimulator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ChatCompletionsSimulator chat;

    ResponsesSimulator(ChatCompletionsSimulator chat) {
        this.chat = chat;
    }

    @PostMapping(path = "/v1/responses", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@RequestBody JsonNode request) throws InterruptedException {
        ResponseEntity<?> answered = chat.complete(asChatRequest(request));
        if (!answered.getStatusCode().is2xxSuccessful()
                || !(answered.getBody() instanceof ObjectNode completion)) {
            return answered;
        }
        return ResponseEntity.ok()
                .headers(answered.getHeaders())
                .contentType(MediaType.APPLICATION_JSON)
                .body(asResponse(request, completion));
    }

    static ObjectNode asChatRequest(JsonNode request) {
        ObjectNode chat = NODES.objectNode();
        chat.put("model", request.path("model").asString(""));
        ArrayNode messages = chat.putArray("messages");
        if (request.hasNonNull("instructions")) {
            messages.addObject()
                    .put("role", "system")
                    .put("content", request.path("instructions").asString());
        }
        JsonNode input = request.path("input");
        if (input.isString()) {
            messages.addObject().put("role", "user").put("content", input.asString());
        } else {
            for (JsonNode item : input) {
                messages.addObject()
                        .put("role", item.path("role").asString("user"))
                        .put("content", text(item.path("content")));
            }
        }
        JsonNode format = request.path("text").path("format");
        if (format.path("type").asString("").equals("json_schema")) {
            ObjectNode schema =
                    chat.putObject("response_format")
                            .put("type", "json_schema")
                            .putObject("json_schema");
            schema.put("name", format.path("name").asString("answer"));
            schema.set("schema", format.path("schema"));
            schema.put("strict", format.path("strict").asBoolean(false));
        }
        copy(request, "max_output_tokens", chat, "max_completion_tokens");
        copy(request.path("reasoning"), "effort", chat, "reasoning_effort");
        copy(request, "prompt_cache_key", chat, "prompt_cache_key");
        copy(request, "service_tier", chat, "service_tier");
        boolean logprobs = false;
        for (JsonNode included : request.path("include")) {
            logprobs |= included.asString("").equals("message.output_text.logprobs");
        }
        if (logprobs) {
            chat.put("logprobs", true);
            copy(request, "top_logprobs", chat, "top_logprobs");
        }
        return chat;
    }

    static ObjectNode asResponse(JsonNode request, ObjectNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        JsonNode usage = completion.path("usage");
        long reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asLong();
        boolean cut = choice.path("finish_reason").asString("").equals("length");

        ObjectNode body = NODES.objectNode();
        body.put("id", "resp_" + hex(48));
        body.put("object", "response");
        body.put("created_at", Instant.now().getEpochSecond());
        body.put("status", cut ? "incomplete" : "completed");
        body.put("background", false);
        body.putNull("error");
        if (cut) {
            body.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            body.putNull("incomplete_details");
        }
        body.set("instructions", request.path("instructions"));
        body.set("max_output_tokens", request.path("max_output_tokens"));
        body.put("model", completion.path("model").asString());
        ArrayNode output = body.putArray("output");
        if (reasoning > 0) {
            output.addObject()
                    .put("id", "rs_" + hex(48))
                    .put("type", "reasoning")
                    .putArray("summary");
        }
        ObjectNode item = output.addObject();
        item.put("id", "msg_" + hex(48));
        item.put("type", "message");
        item.put("status", cut ? "incomplete" : "completed");
        ArrayNode content = item.putArray("content");
        if (message.hasNonNull("refusal")) {
            content.addObject()
                    .put("type", "refusal")
                    .put("refusal", message.path("refusal").asString());
        } else {
            ObjectNode text = content.addObject();
            text.put("type", "output_text");
            text.putArray("annotations");
            ArrayNode logprobs = text.putArray("logprobs");
            choice.path("logprobs").path("content").forEach(logprobs::add);
            text.put("text", message.path("content").asString(""));
        }
        item.put("role", "assistant");
        body.put("parallel_tool_calls", true);
        body.putNull("previous_response_id");
        body.set("prompt_cache_key", request.path("prompt_cache_key"));
        body.putObject("reasoning")
                .put("effort", request.path("reasoning").path("effort").asString("none"))
                .putNull("summary");
        body.put("service_tier", completion.path("service_tier").asString("default"));
        body.put("store", request.path("store").asBoolean(true));
        body.put("temperature", 1.0);
        body.set(
                "text",
                request.path("text").isMissingNode() ? NODES.objectNode() : request.path("text"));
        body.put("tool_choice", "auto");
        body.putArray("tools");
        body.put("top_logprobs", request.path("top_logprobs").asInt(0));
        body.put("top_p", 1.0);
        body.put("truncation", "disabled");
        ObjectNode tokens = body.putObject("usage");
        tokens.put("input_tokens", usage.path("prompt_tokens").asLong());
        tokens.putObject("input_tokens_details")
                .put(
                        "cached_tokens",
                        usage.path("prompt_tokens_details").path("cached_tokens").asLong());
        tokens.put("output_tokens", usage.path("completion_tokens").asLong());
        tokens.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
        tokens.put("total_tokens", usage.path("total_tokens").asLong());
        body.putNull("user");
        body.putObject("metadata");
        return body;
    }

    /** A message's content: a string, or the text of its {@code input_text} parts. */
    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asString("")));
        return text.toString();
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.set(as, from.get(field));
        }
    }

    private static String hex(int length) {
        StringBuilder id = new StringBuilder();
        while (id.length() < length) {
            id.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return id.substring(0, length);
    }
}
