package dev.rung.gateway.internal;

import dev.rung.gateway.CallCancellation;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every provider client says the same way: cancellations, errors, broken exchanges, kept
 * headers, parsed text.
 */
final class CallOutcomes {

    private CallOutcomes() {}

    /**
     * A call Rung cancelled (a hedge's twin answered first); a zero latency says it never left, so
     * nothing was sent to be billed.
     */
    static ModelOutcome.Failure cancelled(
            Duration latency, String why, Map<String, String> headers) {
        return new ModelOutcome.Failure(
                FailureClass.CANCELLED,
                0,
                Optional.empty(),
                why,
                Optional.empty(),
                latency,
                Optional.empty(),
                headers);
    }

    /**
     * The provider answered with an HTTP error, classified by the client that read it; how long to
     * wait before trying again comes from its headers.
     */
    static ModelOutcome.Failure answeredWithError(
            FailureClass failureClass,
            int httpStatus,
            Optional<String> errorCode,
            String message,
            long startedNanos,
            Map<String, String> headers,
            Optional<String> requestId) {
        return new ModelOutcome.Failure(
                failureClass,
                httpStatus,
                errorCode,
                message,
                FailureClassifier.retryAfter(headers, failureClass),
                elapsedSince(startedNanos),
                requestId,
                headers);
    }

    /**
     * The response headers an attempt keeps (named in lower case, the first value of each), read
     * from whatever type a client's SDK gives them in.
     */
    static Map<String, String> kept(
            Iterable<String> names,
            Function<String, List<String>> values,
            Predicate<String> keeps) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (keeps.test(lower)) {
                values.apply(name).stream().findFirst().ifPresent(value -> kept.put(lower, value));
            }
        }
        return kept;
    }

    /**
     * The exchange broke without an HTTP answer: Rung cancelled it (a hedge's twin answered first,
     * not the provider's doing), it timed out, or the connection failed.
     */
    static ModelOutcome.Failure brokenExchange(
            Throwable error, ModelRequest request, long startedNanos, Map<String, String> headers) {
        if (cancelledByRung()) {
            return cancelled(
                    elapsedSince(startedNanos),
                    "cancelled by Rung: another call answered first",
                    headers);
        }
        if (hasCause(error, InterruptedIOException.class)) {
            return timedOut(request, startedNanos, headers);
        }
        return new ModelOutcome.Failure(
                FailureClass.PROVIDER_ERROR,
                0,
                Optional.empty(),
                String.valueOf(error.getMessage()),
                Optional.empty(),
                elapsedSince(startedNanos),
                Optional.empty(),
                headers);
    }

    /** Whether this thread's call was cancelled by Rung itself (a hedge's twin answered first). */
    static boolean cancelledByRung() {
        return CallCancellation.current().map(CallCancellation::cancelled).orElse(false);
    }

    /** No answer within the call's timeout. */
    static ModelOutcome.Failure timedOut(
            ModelRequest request, long startedNanos, Map<String, String> headers) {
        return new ModelOutcome.Failure(
                FailureClass.TIMEOUT,
                0,
                Optional.empty(),
                "no answer within " + timeout(request),
                Optional.empty(),
                elapsedSince(startedNanos),
                Optional.empty(),
                headers);
    }

    /** The answer's text as JSON; empty when it is blank or not JSON. */
    static Optional<JsonNode> parse(JsonMapper json, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static Duration timeout(ModelRequest request) {
        return request.timeout() != null ? request.timeout() : GatewayProperties.DEFAULT_TIMEOUT;
    }

    static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
