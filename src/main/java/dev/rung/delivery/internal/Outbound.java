package dev.rung.delivery.internal;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;

/**
 * What one attempt of a delivery sends: a request and the values it writes, or nothing and why not.
 */
sealed interface Outbound {

    /**
     * @param written the values the request writes to the record (null for a callback)
     */
    record Send(HttpRequest request, JsonNode written) implements Outbound {}

    /** Nothing to send: a failed task whose source writes nothing on failure, say. */
    record Nothing(String why) implements Outbound {}

    /**
     * The delivery cannot be sent as configured (no token, no secret): dead until an operator
     * retries it.
     */
    record Misconfigured(String why) implements Outbound {}
}
