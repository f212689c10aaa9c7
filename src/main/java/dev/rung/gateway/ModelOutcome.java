package dev.rung.gateway;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one model call produced: an answer (to be checked) or a provider failure. */
public sealed interface ModelOutcome {

    Duration latency();

    /** Provider request id ({@code x-request-id}) when the provider sent one. */
    Optional<String> requestId();

    /** The provider's {@code x-ratelimit-*} headers of this call, as sent. */
    Map<String, String> providerHeaders();

    /**
     * The provider answered. {@code parsed} is empty when the text is not JSON; {@code refusal} is
     * present when the model declined; {@code logprobs} holds the answer's tokens with their
     * log-probabilities when they were asked for and returned.
     */
    record Answer(
            String rawText,
            Optional<JsonNode> parsed,
            Optional<String> refusal,
            FinishReason finishReason,
            TokenUsage usage,
            String modelAnswered,
            Duration latency,
            Optional<String> requestId,
            Map<String, String> providerHeaders,
            Optional<List<TokenLogprob>> logprobs)
            implements ModelOutcome {}

    /**
     * Rung did not send the call: the model had no capacity left under its rate limits within the
     * queue time, its circuit breaker is open, or its concurrency bulkhead is full.
     */
    record Rejected(RejectionReason reason, Optional<Duration> retryAfter, Duration latency)
            implements ModelOutcome {
        public Optional<String> requestId() {
            return Optional.empty();
        }

        public Map<String, String> providerHeaders() {
            return Map.of();
        }
    }

    enum RejectionReason {
        NO_CAPACITY,
        CIRCUIT_OPEN,
        BULKHEAD_FULL
    }

    /** The provider did not answer: an HTTP error or a timeout, classified once. */
    record Failure(
            FailureClass failureClass,
            int httpStatus,
            Optional<String> errorCode,
            String message,
            Optional<Duration> retryAfter,
            Duration latency,
            Optional<String> requestId,
            Map<String, String> providerHeaders)
            implements ModelOutcome {}
}
