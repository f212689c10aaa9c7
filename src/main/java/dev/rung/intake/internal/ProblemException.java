package dev.rung.intake.internal;

import java.util.Map;

/** A request Rung refuses, with the problem type and any extra members for the problem document. */
class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    ProblemException(ProblemType type, String detail, Map<String, Object> properties) {
        this(type, detail, properties, Map.of());
    }

    ProblemException(ProblemType type, String detail, Map<String, Object> properties, Map<String, String> headers) {
        super(detail);
        this.type = type;
        this.properties = properties;
        this.headers = headers;
    }

    Map<String, String> headers() {
        return headers;
    }

    ProblemType type() {
        return type;
    }

    Map<String, Object> properties() {
        return properties;
    }
}
