package dev.rung.web;

import java.util.List;
import java.util.Map;

/**
 * A request Rung refuses, from any module: its problem type, the detail (never the caller's values,
 * which may be personal data), extra members for the problem document, and headers (such as {@code
 * Retry-After}).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> properties) {
        this(type, detail, properties, Map.of());
    }

    public ProblemException(
            ProblemType type,
            String detail,
            Map<String, Object> properties,
            Map<String, String> headers) {
        super(detail);
        this.type = type;
        this.properties = properties;
        this.headers = headers;
    }

    /** 400 invalid-request naming one field and what is wrong with it. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST,
                field + " " + message,
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
