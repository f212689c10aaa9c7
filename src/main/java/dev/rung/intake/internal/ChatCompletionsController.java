package dev.rung.intake.internal;

import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskStatus;
import dev.rung.task.RequestCheck;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.web.OpenAiErrors;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rung as an OpenAI base URL: {@code POST /v1/chat/completions} with {@code model:
 * "rung:<task-type>"} runs a task of that type — its input the JSON of the last user message, its
 * own versioned prompt, ladder and checks — and answers with the accepted attempt's completion, the
 * usage of every attempt summed, and the task's id in {@code X-Rung-Task-Id}. Errors come in
 * OpenAI's error JSON, so an existing client needs only a new base URL and key.
 */
@RestController
@Tag(
        name = "OpenAI-compatible",
        description =
                "Rung as a drop-in base URL for OpenAI clients: tasks over the Chat Completions"
                        + " wire")
class ChatCompletionsController {

    static final String MODEL_PREFIX = "rung:";
    static final String TASK_ID_HEADER = "X-Rung-Task-Id";

    private final TaskIntake intake;
    private final TaskCatalog catalog;
    private final FreeFormRequests freeForm;
    private final JsonMapper json;

    ChatCompletionsController(
            TaskIntake intake, TaskCatalog catalog, FreeFormRequests freeForm, JsonMapper json) {
        this.intake = intake;
        this.catalog = catalog;
        this.freeForm = freeForm;
        this.json = json;
    }

    @PostMapping(
            path = OpenAiErrors.CHAT_COMPLETIONS,
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Run a task over OpenAI's Chat Completions wire: model rung:<task-type>, the"
                        + " task's input (or its whole request body) as JSON in the last user"
                        + " message; or model rung-policy:<policy>, the client's own messages and"
                        + " response_format json_schema run up that policy's ladder. user becomes"
                        + " the subject id. Answered as a chat.completion")
    @ApiResponse(
            responseCode = "200",
            description =
                    "The accepted answer as the assistant's content; X-Rung-Task-Id names the task",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "400",
            description = "Not a request Rung can run (OpenAI's error JSON)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "404",
            description = "No task type or policy for the model (code model_not_found)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "422",
            description =
                    "The task ran but no answer passed its checks (code: its failure reason);"
                            + " X-Rung-Task-Id names it",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    ResponseEntity<JsonNode> complete(
            @RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String model = body.path("model").asString("");
        boolean shapedByClient = model.startsWith(FreeFormRequests.MODEL_PREFIX);
        TaskDefinition type = shapedByClient ? null : type(model);
        if (body.path("stream").asBoolean(false)) {
            throw invalid("stream", "Rung answers whole completions: stream must be false.");
        }
        if (body.path("n").asInt(1) != 1) {
            throw invalid("n", "Rung answers one choice: n must be 1.");
        }
        TaskRequest request;
        if (shapedByClient) {
            FreeFormRequests.Call call = freeForm.call(model, body);
            type = call.type();
            request = call.request();
        } else {
            request = request(type, body);
        }
        StoredTask task = intake.submit(type, request, idempotencyKey, false).task();
        HttpHeaders headers = new HttpHeaders();
        headers.set(TASK_ID_HEADER, task.id().toString());
        headers.set("x-request-id", task.id().toString());
        if (task.status() != TaskStatus.SUCCEEDED) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                    .headers(headers)
                    .body(
                            json.valueToTree(
                                    OpenAiErrors.body(
                                            "Task "
                                                    + task.id()
                                                    + " found no answer that passed its checks ("
                                                    + task.failureReason()
                                                    + "); GET /v1/tasks/"
                                                    + task.id()
                                                    + " shows every attempt.",
                                            "rung_task_failed",
                                            null,
                                            task.failureReason())));
        }
        return ResponseEntity.ok().headers(headers).body(ChatCompletion.of(task, model));
    }

    private TaskDefinition type(String model) {
        String slug = model.startsWith(MODEL_PREFIX) ? model.substring(MODEL_PREFIX.length()) : "";
        return catalog.current(slug)
                .orElseThrow(
                        () ->
                                new OpenAiError(
                                        HttpStatus.NOT_FOUND,
                                        "The model `"
                                                + model
                                                + "` does not exist here: Rung serves"
                                                + " rung:<task-type>, one of "
                                                + catalog.all().stream()
                                                        .map(t -> MODEL_PREFIX + t.slug())
                                                        .collect(Collectors.joining(", "))
                                                + ".",
                                        "invalid_request_error",
                                        "model",
                                        "model_not_found"));
    }

    /**
     * The last user message's JSON: a task request body as {@code POST /v1/tasks/{type}} takes it,
     * or else the task's input alone. OpenAI's {@code user} is the subject when the body names
     * none.
     */
    private TaskRequest request(TaskDefinition type, JsonNode body) {
        ObjectNode given = lastUserJson(body);
        if (!given.has("subjectId")) {
            // Without a user each call is a subject of its own (an experiment assigns it alone).
            given.put(
                    "subjectId",
                    body.path("user").isString() && !body.path("user").asString().isBlank()
                            ? body.path("user").asString()
                            : "chat:" + java.util.UUID.randomUUID());
        }
        if (type.contract().request(given) instanceof RequestCheck.Valid valid) {
            return valid.request();
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        JsonNode subject = given.remove("subjectId");
        if (subject != null) {
            wrapped.set("subjectId", subject);
        }
        wrapped.set("input", given);
        return switch (type.contract().request(wrapped)) {
            case RequestCheck.Valid valid -> valid.request();
            case RequestCheck.Invalid invalid ->
                    throw invalid(
                            "messages",
                            "The last user message is not a valid input of "
                                    + type.slug()
                                    + ": "
                                    + invalid.violations().stream()
                                            .map(
                                                    v ->
                                                            (v.pointer().isEmpty()
                                                                            ? "/"
                                                                            : v.pointer())
                                                                    + " "
                                                                    + v.message())
                                            .collect(Collectors.joining("; "))
                                    + ".");
        };
    }

    private ObjectNode lastUserJson(JsonNode body) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw invalid("messages", "messages must hold at least one user message.");
        }
        JsonNode last = null;
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asString(""))) {
                last = message;
            }
        }
        if (last == null) {
            throw invalid("messages", "messages must hold a user message with the task's input.");
        }
        String text = text(last.path("content"));
        try {
            if (json.readTree(text) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw invalid("messages", "The last user message must be a JSON object: the task's input.");
    }

    /** A message's content: a string, or the text parts of an array of parts. */
    static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asString(""))) {
                text.append(part.path("text").asString(""));
            }
        }
        return text.toString();
    }

    private static OpenAiError invalid(String param, String message) {
        return new OpenAiError(
                HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, "invalid_request");
    }

    /** An error already in OpenAI's terms. */
    static final class OpenAiError extends RuntimeException {
        final HttpStatus status;
        final String type;
        final String param;
        final String code;

        OpenAiError(HttpStatus status, String message, String type, String param, String code) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.param = param;
            this.code = code;
        }
    }

    @ExceptionHandler(OpenAiError.class)
    ResponseEntity<Map<String, Object>> openAiError(OpenAiError e) {
        return ResponseEntity.status(e.status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiErrors.body(e.getMessage(), e.type, e.param, e.code));
    }

    /**
     * Rung's own refusals (no capacity, a spent budget, an idempotency conflict) in OpenAI's terms.
     */
    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Map<String, Object>> problem(ProblemException e) {
        ProblemType type = e.type();
        var response = ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_JSON);
        e.headers().forEach(response::header);
        return response.body(
                OpenAiErrors.body(e.getMessage(), OpenAiErrors.type(type), null, type.slug()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_JSON)
                .body(
                        OpenAiErrors.body(
                                "The body is not JSON.",
                                "invalid_request_error",
                                null,
                                "invalid_json"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .contentType(MediaType.APPLICATION_JSON)
                .body(
                        OpenAiErrors.body(
                                "Send application/json.",
                                "invalid_request_error",
                                null,
                                "unsupported_media_type"));
    }
}
