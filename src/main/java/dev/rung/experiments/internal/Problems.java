package dev.rung.experiments.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Problem documents for the experiment API, with the same stable type URIs as the rest of Rung. */
final class Problems {

    private Problems() {
    }

    static ErrorResponseException of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://rung.dev/problems/" + slug));
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    static ErrorResponseException invalidField(String field, String message) {
        ErrorResponseException error = of(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid",
                field + " " + message);
        error.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return error;
    }

    static ErrorResponseException notFound(String what) {
        return of(HttpStatus.NOT_FOUND, what + "-not-found", "No such " + what, "No " + what + " has this id.");
    }

    static ErrorResponseException conflict(String slug, String title, String detail) {
        return of(HttpStatus.CONFLICT, slug, title, detail);
    }
}
