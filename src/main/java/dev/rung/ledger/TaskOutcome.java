package dev.rung.ledger;

import tools.jackson.databind.JsonNode;

/**
 * How a task ended: its accepted answer, or why there is none ({@code failureReason}, e.g.
 * ladder_exhausted).
 */
public record TaskOutcome(JsonNode result, String failureReason) {

    public boolean succeeded() {
        return result != null;
    }
}
