package dev.rung.web.internal;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Says what is wrong with an unreadable body without repeating the body. */
final class JsonProblems {

    private JsonProblems() {}

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "' at " + path(unknown);
        }
        if (cause instanceof MismatchedInputException mismatch) {
            return "Wrong type or shape at " + path(mismatch);
        }
        if (cause instanceof JacksonException) {
            return "The body is not valid JSON";
        }
        return "The body is missing or unreadable";
    }

    private static String path(JacksonException e) {
        String path = e.getPathReference();
        return path == null || path.isBlank()
                ? "the top level"
                : path.replaceAll("^.*?\\[", "[").replaceAll("\"", "'");
    }
}
