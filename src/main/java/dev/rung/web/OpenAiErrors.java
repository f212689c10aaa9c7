package dev.rung.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors of Rung's OpenAI-compatible endpoints in OpenAI's own error JSON ({@code {"error":
 * {"message", "type", "param", "code"}}}), so the official SDKs and other OpenAI clients raise
 * their typed errors. Everywhere else Rung answers RFC 9457 problems.
 */
public final class OpenAiErrors {

    /** The paths that answer OpenAI's wire, errors included. */
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";

    private OpenAiErrors() {}

    /** Whether a request's errors are answered in OpenAI's JSON. */
    public static boolean openAiPath(String uri) {
        return CHAT_COMPLETIONS.equals(uri);
    }

    /**
     * The body of an error: {@code type} as OpenAI names its kinds ({@code invalid_request_error},
     * {@code authentication_error}, {@code rate_limit_error}, ...), {@code code} Rung's own slug.
     */
    public static Map<String, Object> body(String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }

    /** The error of a problem, for a filter (authentication, authorization) on an OpenAI path. */
    public static void write(
            HttpServletResponse response, JsonMapper json, ProblemType problem, String message)
            throws IOException {
        response.setStatus(problem.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(
                response.getOutputStream(), body(message, type(problem), null, problem.slug()));
    }

    /** OpenAI's kind of error for a problem's status. */
    public static String type(ProblemType problem) {
        return switch (problem.status().value()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 429 -> "rate_limit_error";
            case 400, 413, 415, 422 -> "invalid_request_error";
            default ->
                    problem.status().is5xxServerError() ? "server_error" : "invalid_request_error";
        };
    }
}
