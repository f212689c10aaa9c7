package dev.rung.web.internal;

import dev.rung.web.DatabaseOutage;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns every refusal into {@code application/problem+json} with a stable {@code type}. Validation
 * problems list each offending field. Messages never echo the caller's values, which may be
 * personal data.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handle(ProblemException e) {
        ProblemDetail problem = problem(e.type(), e.getMessage(), e.properties());
        var response = ResponseEntity.status(problem.getStatus());
        e.headers().forEach(response::header);
        return response.body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> wrongParameterType(MethodArgumentTypeMismatchException e) {
        String expected =
                e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return respond(
                problem(
                        ProblemType.INVALID_REQUEST,
                        "'" + e.getName() + "' is not a valid " + expected,
                        Map.of(
                                "errors",
                                List.of(
                                        Map.of(
                                                "field",
                                                e.getName(),
                                                "message",
                                                "must be a " + expected)))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.causedBy(e)) {
            // A restart or failover of PostgreSQL: nothing is wrong with the request, and it can be
            // sent again.
            log.warn(
                    "The database could not be reached while handling a request: {}",
                    DatabaseOutage.describe(e));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(DatabaseOutage.RETRY_AFTER.toSeconds()))
                    .body(
                            problem(
                                    ProblemType.DATABASE_UNAVAILABLE,
                                    "The database is restarting or cannot be reached; send the"
                                            + " request again (with the same Idempotency-Key) after"
                                            + " Retry-After seconds.",
                                    Map.of()));
        }
        log.error("Unexpected error while handling a request", e);
        return respond(
                problem(
                        ProblemType.INTERNAL_ERROR,
                        "The error was logged; retrying may help.",
                        Map.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(
                    Map.of(
                            "field",
                            error.getField(),
                            "message",
                            String.valueOf(error.getDefaultMessage())));
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(
                        error ->
                                errors.add(
                                        Map.of(
                                                "field",
                                                error.getObjectName(),
                                                "message",
                                                String.valueOf(error.getDefaultMessage()))));
        ProblemDetail body =
                problem(
                        ProblemType.INVALID_REQUEST,
                        errors.size() + " field(s) are invalid",
                        Map.of("errors", errors));
        return new ResponseEntity<>(body, headers, body.getStatus());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        ProblemDetail body =
                problem(ProblemType.MALFORMED_JSON, JsonProblems.describe(e), Map.of());
        return new ResponseEntity<>(body, headers, body.getStatus());
    }

    /**
     * Spring's own errors (405, 406, 415, 404 for unknown paths...) get Rung's problem types too.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail detail
                && (detail.getType() == null
                        || "about:blank".equals(detail.getType().toString()))) {
            ProblemType type = ProblemType.forStatus(status.value());
            detail.setType(type.uri());
            detail.setTitle(type.title());
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    static ProblemDetail problem(ProblemType type, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        properties.forEach(problem::setProperty);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
