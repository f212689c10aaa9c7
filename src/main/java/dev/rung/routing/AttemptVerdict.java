package dev.rung.routing;

import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.ModelOutcome;

/** What one attempt amounted to, as the escalation function sees it. */
public sealed interface AttemptVerdict {

    /** The outcome name stored on the attempt. */
    String code();

    record Passed(CheckOutcome.Pass pass) implements AttemptVerdict {
        public String code() { return pass.code(); }
    }

    /** The provider answered, but the answer failed a machine check. */
    record CheckFailed(CheckOutcome outcome) implements AttemptVerdict {
        public String code() { return outcome.code(); }
    }

    /** The provider did not answer. */
    record ProviderFailed(ModelOutcome.Failure failure) implements AttemptVerdict {
        public String code() { return failure.failureClass().name().toLowerCase(java.util.Locale.ROOT); }
    }
}
