package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A simulated judge: asked to verify a draft ({@code {verdict, reason}}), it compares the draft
 * with the true answer for the input and says so, and is itself wrong as often as its model is (its
 * {@code wrong} rate flips the verdict). It reads what a real judge would: the output schema in the
 * system message, the input and the draft in the user message.
 */
final class SimulatedJudge {

    private SimulatedJudge() {}

    /** The verdict's JSON text, or null for a refusal. */
    static String verdict(
            long seed,
            String taskType,
            JsonNode input,
            JsonNode draft,
            JsonNode outputSchema,
            FaultRates.AnswerFault fault) {
        if (fault == FaultRates.AnswerFault.REFUSAL) {
            return null;
        }
        ObjectNode correct = TrueAnswers.correct(seed, taskType, input, outputSchema);
        String wrongField = wrongField(correct, draft);
        boolean right = wrongField == null;
        boolean says = fault == FaultRates.AnswerFault.WRONG ? !right : right;
        ObjectNode verdict = JsonNodeFactory.instance.objectNode();
        verdict.put("verdict", says ? "accept" : "reject");
        verdict.put(
                "reason",
                says
                        ? "The draft follows from the input."
                        : wrongField != null
                                ? "The " + wrongField + " does not follow from the input."
                                : "The draft does not follow from the input.");
        String text = verdict.toString();
        return fault == FaultRates.AnswerFault.TRUNCATION
                ? text.substring(0, text.length() / 2)
                : text;
    }

    /** The first field of the true answer the draft gets wrong; null when none. */
    private static String wrongField(ObjectNode correct, JsonNode draft) {
        if (draft == null || !draft.isObject()) {
            return "answer";
        }
        for (Map.Entry<String, JsonNode> field : correct.properties()) {
            JsonNode given = draft.get(field.getKey());
            if (!same(field.getValue(), given)) {
                return field.getKey();
            }
        }
        return null;
    }

    private static boolean same(JsonNode expected, JsonNode given) {
        if (given == null) {
            return false;
        }
        if (expected.isArray() && given.isArray()) {
            Set<JsonNode> left = new HashSet<>();
            Set<JsonNode> right = new HashSet<>();
            expected.forEach(left::add);
            given.forEach(right::add);
            return left.equals(right);
        }
        return expected.equals(given);
    }
}
