package dev.rung.routing;

import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.ModelOutcome;

/** What one attempt amounted to, as the escalation function sees it. */
public sealed interface AttemptVerdict {

    /** The outcome name stored on the attempt. */
    String code();

    record Passed(CheckOutcome.Pass pass) implements AttemptVerdict {
        public String code() {
            return pass.code();
        }
    }

    /**
     * The verifier accepted the draft that passed the machine checks: the draft is the task's
     * answer.
     */
    record Verified(CheckOutcome.Pass draft, java.util.Map<String, Object> evidence)
            implements AttemptVerdict {
        public String code() {
            return "verified";
        }
    }

    /** The provider answered, but the answer failed a machine check (or the verifier). */
    record CheckFailed(CheckOutcome outcome) implements AttemptVerdict {
        public String code() {
            return outcome.code();
        }
    }

    /** Rung did not make the call: no capacity, an open breaker, or no budget left. */
    record NotRun(NotRunReason reason, java.util.Optional<java.time.Duration> retryAfter)
            implements AttemptVerdict {
        public String code() {
            return switch (reason) {
                case NO_CAPACITY -> "throttled";
                case CIRCUIT_OPEN -> "circuit_open";
                case BUDGET_EXHAUSTED -> "budget_exhausted";
            };
        }
    }

    enum NotRunReason {
        NO_CAPACITY,
        CIRCUIT_OPEN,
        BUDGET_EXHAUSTED
    }

    /** The provider did not answer. */
    record ProviderFailed(ModelOutcome.Failure failure) implements AttemptVerdict {
        public String code() {
            return failure.failureClass().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
