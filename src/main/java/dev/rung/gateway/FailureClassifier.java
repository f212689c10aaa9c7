package dev.rung.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one place that decides what a provider error means. Every rule says why, because each one
 * decides whether Rung waits, moves to another model, or stops spending money at once.
 */
public final class FailureClassifier {

    private FailureClassifier() {}

    public static FailureClass classify(int httpStatus, Optional<String> errorCode) {
        return classify(httpStatus, errorCode, ServiceTier.STANDARD);
    }

    /** As above, for a call sent on {@code tier}. */
    public static FailureClass classify(
            int httpStatus, Optional<String> errorCode, ServiceTier tier) {
        String code = errorCode.orElse("");
        if (httpStatus == 429
                && tier == ServiceTier.FLEX
                && !code.equals("insufficient_quota")
                && !code.equals("rate_limit_exceeded")) {
            // Flex answers 429 "Resource Unavailable" when it has no capacity: not a full rate
            // window (waiting would not help sooner than the standard tier answers) and not
            // billing. OpenAI documents the status, not the body's code, so any 429 of a flex call
            // that is not one of the two named ones is read this way.
            return FailureClass.CAPACITY_UNAVAILABLE;
        }
        if (httpStatus == 429) {
            // OpenAI uses 429 for two unrelated things: a full per-minute window (wait and it
            // clears) and an
            // exhausted billing quota (nothing clears it until a human pays). Only the code tells
            // them apart.
            return code.equals("insufficient_quota")
                    ? FailureClass.QUOTA_EXHAUSTED
                    : FailureClass.RATE_LIMITED;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            // A wrong or revoked key fails identically on every model of the account.
            return FailureClass.AUTH_ERROR;
        }
        if (httpStatus == 408) {
            return FailureClass.TIMEOUT;
        }
        if (httpStatus >= 500 || httpStatus == 0) {
            // 5xx and broken connections are the provider's side and usually transient.
            return FailureClass.PROVIDER_ERROR;
        }
        // 400, 404, 409, 422...: the request is wrong (e.g. a schema strict mode rejects, or
        // max_tokens sent
        // to a GPT-5 model); sending it again or to a bigger model repeats the mistake.
        return FailureClass.BAD_REQUEST;
    }

    /**
     * An Anthropic error, by its status and {@code error.type}. Anthropic keeps its own overload
     * (529 {@code overloaded_error}, the same for every customer) apart from this account's rate
     * limits (429 {@code rate_limit_error}) and its billing (402 {@code billing_error}).
     */
    public static FailureClass classifyAnthropic(int httpStatus, Optional<String> errorType) {
        String type = errorType.orElse("");
        if (httpStatus == 529 || type.equals("overloaded_error")) {
            return FailureClass.OVERLOADED;
        }
        if (httpStatus == 402 || type.equals("billing_error")) {
            return FailureClass.QUOTA_EXHAUSTED;
        }
        if (httpStatus == 429) {
            return FailureClass.RATE_LIMITED;
        }
        if (httpStatus == 504 || type.equals("timeout_error")) {
            return FailureClass.TIMEOUT;
        }
        return classify(httpStatus, Optional.empty());
    }

    /**
     * A Gemini API error, by its status and {@code error.status}. Gemini answers 429 {@code
     * RESOURCE_EXHAUSTED} for every quota, per minute or per day; the per-minute ones clear, so it
     * is read as a rate limit (retried, then the next rung). 503 {@code UNAVAILABLE} is the model
     * overloaded for everyone.
     */
    public static FailureClass classifyGemini(int httpStatus, Optional<String> status) {
        String name = status.orElse("");
        if (httpStatus == 503 || name.equals("UNAVAILABLE")) {
            return FailureClass.OVERLOADED;
        }
        if (httpStatus == 429 || name.equals("RESOURCE_EXHAUSTED")) {
            return FailureClass.RATE_LIMITED;
        }
        if (httpStatus == 504 || name.equals("DEADLINE_EXCEEDED")) {
            return FailureClass.TIMEOUT;
        }
        return classify(httpStatus, Optional.empty());
    }

    /**
     * How long the provider asks us to wait: {@code retry-after-ms}, then {@code retry-after}
     * (seconds), then the sooner of the {@code x-ratelimit-reset-*} durations. Header names are
     * matched case-insensitively.
     */
    public static Optional<Duration> retryAfter(Map<String, String> headers) {
        return retryAfter(headers, FailureClass.RATE_LIMITED);
    }

    /**
     * As above for a failure of the given class. The {@code x-ratelimit-reset-*} headers come on
     * every answer and say when a rate-limit window refills: they tell when to retry a 429, not a
     * 5xx or a timeout, which would otherwise wait for a window that has nothing to do with them.
     */
    public static Optional<Duration> retryAfter(Map<String, String> headers, FailureClass failure) {
        Optional<Duration> explicit =
                header(headers, "retry-after-ms")
                        .flatMap(FailureClassifier::millis)
                        .or(
                                () ->
                                        header(headers, "retry-after")
                                                .flatMap(FailureClassifier::seconds));
        if (explicit.isPresent() || failure != FailureClass.RATE_LIMITED) {
            return explicit;
        }
        return Stream.of("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")
                .map(name -> header(headers, name).flatMap(GoDuration::parse))
                .flatMap(Optional::stream)
                .min(Duration::compareTo);
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static Optional<Duration> millis(String value) {
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(
                    Duration.ofMillis(Math.round(Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
