package dev.rung.routing;

import dev.rung.gateway.ModelOutcome;

/**
 * For policies that escalate with context: the next rung also sees the previous draft and why it
 * failed. Appended after the delimited input, so the static prefix (and its prompt cache) stays the
 * same.
 */
final class EscalationContext {

    private EscalationContext() {}

    static String withPreviousDraft(
            String userMessage, ModelOutcome outcome, AttemptVerdict verdict) {
        if (!(outcome instanceof ModelOutcome.Answer answer)
                || !(verdict instanceof AttemptVerdict.CheckFailed failed)) {
            return userMessage;
        }
        return userMessage
                + "\n\nA previous draft of the answer failed the check '"
                + failed.code()
                + "' "
                + failed.outcome().evidence()
                + ". The draft was:\n"
                + answer.rawText()
                + "\nGive a corrected answer.";
    }
}
