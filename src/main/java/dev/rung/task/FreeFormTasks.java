package dev.rung.task;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * Calls a client shapes itself (its own messages and output schema) run as tasks of a transient
 * type, {@value #SLUG}, under a routing policy the client names: the schema is the answer's check,
 * with refusal and truncation, and the policy's ladder climbs when one fails. Such a type is never
 * stored as a version; its tasks are in the ledger like any other, with the client's messages as
 * their input ({@code system}, {@code user}).
 */
public interface FreeFormTasks {

    /** The type every free-form task is stored under. */
    String SLUG = "free-form";

    /**
     * The type of one call, or every reason the schema cannot be sent in strict mode.
     *
     * @param policy the routing policy whose ladder runs it, in both tiers
     * @param system the client's system message, sent as it is (empty for none)
     * @param outputSchema the client's JSON schema ({@code response_format.json_schema.schema})
     * @param schemaName its name, as sent to the model
     * @param maxOutputTokens the output token cap of every rung
     */
    Definition define(
            String policy,
            String system,
            JsonNode outputSchema,
            String schemaName,
            int maxOutputTokens);

    /** A free-form call's type, or why there is none. */
    sealed interface Definition {

        record Defined(TaskDefinition type) implements Definition {}

        /** The schema is not one strict structured outputs accept, with each problem's pointer. */
        record Refused(List<Violation> violations) implements Definition {}
    }
}
