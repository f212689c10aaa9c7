package dev.rung.web.internal;

import dev.rung.web.ProblemType;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests Jetty refuses before Rung sees them (an ambiguous or malformed URL, headers too large, a
 * broken request line) are answered with a problem document too, not an HTML page, and without
 * Jetty's message text, which can echo the request.
 */
final class ServerProblems extends ErrorHandler {

    private final JsonMapper json;

    ServerProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(
            Request request,
            Response response,
            int code,
            String message,
            Throwable cause,
            Callback callback) {
        ProblemType type = code == 400 ? ProblemType.INVALID_REQUEST : ProblemType.forStatus(code);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", code);
        problem.put(
                "detail",
                code < 500
                        ? "The request line, the URL or the headers are not acceptable."
                        : "The server could not handle the request.");
        response.getHeaders()
                .put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(problem)), callback);
    }
}
