package dev.rung.delivery.internal;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/** How one attempt ended, as the retry rule sees it. */
sealed interface SendResult {

    /** The receiver took it (2xx). */
    record Delivered(int httpStatus, JsonNode written) implements SendResult {}

    /** Nothing to send for this task. */
    record Skipped(String why) implements SendResult {}

    /**
     * It may work later: a timeout, a refused connection, 408, 409, 429 or 5xx; {@code retryAfter}
     * as the receiver asked.
     */
    record Transient(Integer httpStatus, String error, Optional<Duration> retryAfter)
            implements SendResult {}

    /** It will not work by trying again: another 4xx, or Rung is not configured to send it. */
    record Permanent(Integer httpStatus, String error) implements SendResult {}
}
