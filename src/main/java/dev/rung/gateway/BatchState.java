package dev.rung.gateway;

import java.util.Optional;

/**
 * A batch as the provider last reported it: its phase, how many of its requests ended either way,
 * its output and error files once written, and why it failed when it did.
 */
public record BatchState(
        String batchId,
        Phase phase,
        int total,
        int completed,
        int failed,
        Optional<String> outputFileId,
        Optional<String> errorFileId,
        Optional<String> failure) {

    /** The statuses of OpenAI's batch object. */
    public enum Phase {
        VALIDATING,
        IN_PROGRESS,
        FINALIZING,
        COMPLETED,
        FAILED,
        EXPIRED,
        CANCELLING,
        CANCELLED;

        /** Whether the batch will not change any more: its files, if any, are final. */
        public boolean ended() {
            return switch (this) {
                case COMPLETED, FAILED, EXPIRED, CANCELLED -> true;
                case VALIDATING, IN_PROGRESS, FINALIZING, CANCELLING -> false;
            };
        }
    }
}
