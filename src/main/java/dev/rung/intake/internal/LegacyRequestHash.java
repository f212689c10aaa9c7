package dev.rung.intake.internal;

import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hash a request of a built-in type had before task types were data, when each was a Java
 * record hashed field by field in declaration order, absent fields as null: {@code subjectId}, the
 * input under its older name (whose schema lists the fields in that order), {@code stakes}. An
 * Idempotency-Key first used before the upgrade and retried after it must still find its task, not
 * be refused as reused for another body.
 */
final class LegacyRequestHash {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LegacyRequestHash() {}

    /**
     * The old hash of this request, or null for a type that had no record (no older name for its
     * input).
     */
    static String of(TaskDefinition type, TaskRequest request, RequestFingerprint fingerprint) {
        String alias = type.contract().document().path("inputAlias").asString(null);
        if (alias == null) {
            return null;
        }
        ObjectNode record = NODES.objectNode();
        record.put("subjectId", request.subjectId());
        ObjectNode input = record.putObject(alias);
        type.contract()
                .inputSchema()
                .path("properties")
                .propertyNames()
                .forEach(
                        field ->
                                input.set(
                                        field,
                                        request.input().has(field)
                                                ? request.input().get(field)
                                                : NODES.nullNode()));
        record.set(
                "stakes",
                request.stakes().equals(Stakes.NONE) ? NODES.nullNode() : stakes(request.stakes()));
        return fingerprint.sha256(type.slug(), record);
    }

    private static ObjectNode stakes(Stakes stakes) {
        ObjectNode flags = NODES.objectNode();
        flags.put("customerFacing", stakes.customerFacing());
        flags.put("pricingSensitive", stakes.pricingSensitive());
        flags.put("complianceRisk", stakes.complianceRisk());
        flags.put("needsFreshKnowledge", stakes.needsFreshKnowledge());
        return flags;
    }
}
