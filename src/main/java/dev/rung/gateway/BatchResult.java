package dev.rung.gateway;

/** One line of a batch's output or error file, by the {@code custom_id} of its request. */
public sealed interface BatchResult {

    String customId();

    /** The call ran: an answer to check, or the provider's error for that request. */
    record Ran(String customId, ModelOutcome outcome) implements BatchResult {}

    /**
     * The request was never run: the batch's completion window closed first ({@code batch_expired})
     * or it was cancelled ({@code batch_cancelled}). Nothing was billed for it.
     */
    record NotRun(String customId, String code) implements BatchResult {}
}
