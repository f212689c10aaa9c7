package dev.rung.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A problem document written by a servlet filter, which answers before any controller advice can.
 */
public final class FilterProblems {

    private FilterProblems() {}

    public static void write(
            HttpServletResponse response,
            JsonMapper json,
            ProblemType type,
            String detail,
            Map<String, Object> extra)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", type.status().value());
        problem.put("detail", detail);
        problem.putAll(extra);
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** As above, but in OpenAI's error JSON on Rung's OpenAI-compatible paths. */
    public static void write(
            jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response,
            JsonMapper json,
            ProblemType type,
            String detail,
            Map<String, Object> extra)
            throws IOException {
        if (OpenAiErrors.openAiPath(request.getRequestURI())) {
            OpenAiErrors.write(response, json, type, detail);
        } else {
            write(response, json, type, detail, extra);
        }
    }
}
