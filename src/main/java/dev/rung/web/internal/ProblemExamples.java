package dev.rung.web.internal;

import dev.rung.web.ProblemType;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every problem type Rung answers with ({@link ProblemType}), as a named example in the OpenAPI
 * document, attached to each operation's problem responses of the same status. Operations behind an
 * API key also document their 401 and 403, and task submissions their 503.
 */
@Component
class ProblemExamples implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public void customise(OpenAPI api) {
        for (ProblemType problem : ProblemType.values()) {
            api.getComponents()
                    .addExamples(
                            problem.slug(),
                            new Example().summary(problem.title()).value(body(problem)));
        }
        api.getPaths()
                .forEach(
                        (path, item) ->
                                item.readOperations()
                                        .forEach(
                                                operation -> {
                                                    if (!path.startsWith("/v1/webhooks/")
                                                            && !path.equals(
                                                                    "/v1/chat/completions")) {
                                                        operation
                                                                .getResponses()
                                                                .putIfAbsent(
                                                                        "401",
                                                                        problemResponse(
                                                                                "No API key, or not"
                                                                                        + " a valid"
                                                                                        + " one"));
                                                        operation
                                                                .getResponses()
                                                                .putIfAbsent(
                                                                        "403",
                                                                        problemResponse(
                                                                                "The API key lacks"
                                                                                    + " the endpoint's"
                                                                                    + " scope"));
                                                    }
                                                    operation
                                                            .getResponses()
                                                            .forEach(
                                                                    (status, response) -> {
                                                                        asProblem(
                                                                                path, status,
                                                                                response);
                                                                        attachExamples(
                                                                                path, status,
                                                                                response);
                                                                    });
                                                }));
        api.getPaths()
                .forEach(
                        (path, item) -> {
                            if (path.startsWith("/v1/tasks/")
                                    && !path.endsWith("/feedback")
                                    && item.getPost() != null) {
                                ApiResponse overloaded =
                                        problemResponse(
                                                "Too many tasks in flight (load shedding), or the"
                                                        + " database is restarting; retry after"
                                                        + " Retry-After seconds");
                                attachExamples(path, "503", overloaded);
                                item.getPost().getResponses().putIfAbsent("503", overloaded);
                            }
                        });
    }

    /**
     * An error response declared with a description only is a problem document: springdoc would
     * otherwise give it the operation's success body. The OpenAI-compatible endpoint answers with
     * OpenAI's error JSON instead, and says so itself.
     */
    private static void asProblem(String path, String status, ApiResponse response) {
        boolean error = status.length() == 3 && (status.startsWith("4") || status.startsWith("5"));
        if (!error
                || path.equals("/v1/chat/completions")
                || (response.getContent() != null
                        && response.getContent().containsKey(PROBLEM_JSON))) {
            return;
        }
        response.setContent(problemResponse(response.getDescription()).getContent());
    }

    private static void attachExamples(String path, String status, ApiResponse response) {
        MediaType problem =
                response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
        if (problem == null) {
            return;
        }
        for (ProblemType documented : ProblemType.values()) {
            if (String.valueOf(documented.status().value()).equals(status)
                    && documented.appliesTo(path)) {
                problem.addExamples(
                        documented.slug(),
                        new Example().$ref("#/components/examples/" + documented.slug()));
            }
        }
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse()
                .description(description)
                .content(
                        new Content()
                                .addMediaType(
                                        PROBLEM_JSON,
                                        new MediaType()
                                                .schema(
                                                        new Schema<>()
                                                                .$ref(
                                                                        "#/components/schemas/ProblemDetail"))));
    }

    private static Map<String, Object> body(ProblemType problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.uri().toString());
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", problem.exampleDetail());
        if (problem.slug().equals("invalid-request")) {
            body.put(
                    "errors",
                    List.of(
                            Map.of(
                                    "pointer",
                                    "/subjectId",
                                    "field",
                                    "subjectId",
                                    "message",
                                    "is required: a non-blank string"),
                            Map.of(
                                    "pointer",
                                    "/input/email",
                                    "field",
                                    "input.email",
                                    "message",
                                    "does not match the email pattern must be a valid RFC 5321"
                                            + " Mailbox")));
        }
        if (problem.slug().equals("invalid-task-type")) {
            body.put(
                    "errors",
                    List.of(
                            Map.of(
                                    "pointer",
                                    "/outputSchema/properties/reason/maxLength",
                                    "message",
                                    "'maxLength' is not supported by OpenAI's strict structured"
                                            + " outputs; express it as a rule")));
        }
        return body;
    }
}
