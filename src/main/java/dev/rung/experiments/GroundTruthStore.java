package dev.rung.experiments;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * Ground truth for a task: the correct answer (fields left out are not judged), from a reviewer or
 * a CRM.
 */
public interface GroundTruthStore {

    /** Where a correct answer came from. */
    enum Source {
        API,
        HUBSPOT,
        ZENDESK,
        /** The built-in simulator's true answer for a simulated task. */
        SIMULATOR
    }

    /**
     * Records the correct answer; a later one (by {@code at}) replaces an earlier one, an older one
     * is dropped, so corrections that arrive out of order keep the latest.
     */
    void record(
            UUID taskId, JsonNode correct, String reviewer, Source source, String note, Instant at);
}
