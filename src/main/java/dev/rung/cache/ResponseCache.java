package dev.rung.cache;

import tools.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.UUID;

/** Answers reused for identical questions. */
public interface ResponseCache {

    /**
     * The key of a question: task type, prompt version, policy and the canonical JSON of the input.
     */
    String key(String taskType, String promptVersion, String policy, JsonNode canonicalInput);

    /** A stored answer that has not expired. */
    Optional<JsonNode> lookup(String key);

    /**
     * Stores an answer that passed its checks, for the task type's time to live (no-op when caching
     * is off).
     */
    void store(String key, String taskType, JsonNode result, UUID sourceTaskId);

    boolean enabledFor(String taskType);
}
