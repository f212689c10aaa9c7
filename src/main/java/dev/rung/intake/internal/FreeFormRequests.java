package dev.rung.intake.internal;

import dev.rung.intake.internal.ChatCompletionsController.OpenAiError;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.FreeFormTasks;
import dev.rung.task.RequestCheck;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code model: "rung-policy:<policy>"}: the client's own messages and {@code response_format}
 * json_schema, run up the named policy's ladder. One turn: system (or developer) messages, then
 * user messages; the schema, sent in strict mode, is the answer's check, with refusal and
 * truncation.
 */
@Component
class FreeFormRequests {

    static final String MODEL_PREFIX = "rung-policy:";

    /** The output cap when the client sets none: ample for a structured answer. */
    static final int DEFAULT_MAX_OUTPUT_TOKENS = 2048;

    private static final int MAX_OUTPUT_TOKENS = 128_000;

    private final FreeFormTasks freeForm;
    private final RoutePlanner planner;

    FreeFormRequests(FreeFormTasks freeForm, RoutePlanner planner) {
        this.freeForm = freeForm;
        this.planner = planner;
    }

    /** A free-form call's transient type and its request. */
    record Call(TaskDefinition type, TaskRequest request) {}

    Call call(String model, JsonNode body) {
        String policy = policy(model);
        JsonNode format = body.path("response_format");
        if (!"json_schema".equals(format.path("type").asString(""))
                || !format.path("json_schema").path("schema").isObject()) {
            throw invalid(
                    "response_format",
                    "A rung-policy call needs response_format {type: json_schema, json_schema:"
                            + " {name, schema}}: the schema is what its answers are checked"
                            + " against.");
        }
        JsonNode jsonSchema = format.path("json_schema");
        TaskDefinition type =
                switch (freeForm.define(
                        policy,
                        text(body, "system", "developer"),
                        jsonSchema.path("schema"),
                        jsonSchema.path("name").asString("answer"),
                        maxOutputTokens(body))) {
                    case FreeFormTasks.Definition.Defined defined -> defined.type();
                    case FreeFormTasks.Definition.Refused refused ->
                            throw invalid(
                                    "response_format",
                                    "The schema cannot be sent in strict mode: "
                                            + refused.violations().stream()
                                                    .map(v -> v.pointer() + " " + v.message())
                                                    .collect(Collectors.joining("; "))
                                            + ".");
                };
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put(
                "subjectId",
                body.path("user").isString() && !body.path("user").asString().isBlank()
                        ? body.path("user").asString()
                        : "chat:" + UUID.randomUUID());
        ObjectNode input = request.putObject("input");
        input.put("system", text(body, "system", "developer"));
        input.put("user", text(body, "user"));
        return switch (type.contract().request(request)) {
            case RequestCheck.Valid valid -> new Call(type, valid.request());
            case RequestCheck.Invalid invalid ->
                    throw invalid("messages", "messages must hold a user message.");
        };
    }

    private String policy(String model) {
        String name = model.substring(MODEL_PREFIX.length());
        return planner.policy(name)
                .filter(found -> !found.name().startsWith("learned:"))
                .map(found -> found.name())
                .orElseThrow(
                        () ->
                                new OpenAiError(
                                        HttpStatus.NOT_FOUND,
                                        "The model `"
                                                + model
                                                + "` does not exist here: rung-policy:<policy>"
                                                + " names a routing policy configured under"
                                                + " rung.routing.policies.",
                                        "invalid_request_error",
                                        "model",
                                        "model_not_found"));
    }

    /**
     * The text of the messages of the given roles, in order, a blank line apart. Another role (an
     * assistant's or a tool's turn) is refused: a free-form call is one turn.
     */
    private static String text(JsonNode body, String... roles) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw invalid("messages", "messages must hold at least one user message.");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asString("");
            if (!List.of("system", "developer", "user").contains(role)) {
                throw invalid(
                        "messages",
                        "A rung-policy call is one turn: system or developer messages, then user"
                                + " messages; not '"
                                + role
                                + "'.");
            }
            if (List.of(roles).contains(role)) {
                texts.add(ChatCompletionsController.text(message.path("content")));
            }
        }
        return String.join("\n\n", texts);
    }

    private static int maxOutputTokens(JsonNode body) {
        JsonNode cap =
                body.has("max_completion_tokens")
                        ? body.path("max_completion_tokens")
                        : body.path("max_tokens");
        if (cap.isMissingNode() || cap.isNull()) {
            return DEFAULT_MAX_OUTPUT_TOKENS;
        }
        if (!cap.isIntegralNumber() || cap.asInt() < 1 || cap.asInt() > MAX_OUTPUT_TOKENS) {
            throw invalid(
                    "max_completion_tokens",
                    "max_completion_tokens must be a whole number from 1 to " + MAX_OUTPUT_TOKENS);
        }
        return cap.asInt();
    }

    private static OpenAiError invalid(String param, String message) {
        return new OpenAiError(
                HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, "invalid_request");
    }
}
