package dev.rung.routing;

import dev.rung.knowledge.SourceUse;

import java.time.Duration;
import java.util.List;

/** What the router does after an attempt. */
public sealed interface Decision {

    /** Stored on the attempt as {@code next}. */
    String code();

    /**
     * @param superseded documents the accepted answer cites that a newer version replaced while the
     *     task ran: the answer stands, flagged, and the task is among the document's dependents
     */
    record Accept(List<SourceUse.Superseded> superseded) implements Decision {

        public Accept {
            superseded = List.copyOf(superseded);
        }

        public Accept() {
            this(List.of());
        }

        public String code() {
            return "accept";
        }
    }

    /** The draft passed the machine checks; the task type's verifier decides next. */
    record Verify() implements Decision {
        public String code() {
            return "verify";
        }
    }

    record RetrySameRung(Duration delay) implements Decision {
        public String code() {
            return "retry_same_rung";
        }
    }

    record NextRung(String reason) implements Decision {
        public String code() {
            return "next_rung";
        }
    }

    /**
     * A hedged call whose twin answered first: this one was cancelled (or its answer came too late)
     * and nothing follows from it.
     */
    record Superseded() implements Decision {
        public String code() {
            return "superseded";
        }
    }

    record Stop(StopReason reason) implements Decision {
        public String code() {
            return "stop";
        }
    }

    enum StopReason {
        /** Every rung was tried and none gave an answer that passed. */
        LADDER_EXHAUSTED,
        /**
         * A failure that no retry or bigger model can fix: quota, credentials or a malformed
         * request.
         */
        FATAL_PROVIDER_ERROR,
        /** The deadline (the caller's, or Rung's own) passed before an answer passed. */
        DEADLINE_EXCEEDED,
        /**
         * No rung left has lately answered within the time left before the deadline (its observed
         * p95 latency), so none was started.
         */
        DEADLINE_UNREACHABLE,
        MAX_ATTEMPTS,
        /**
         * No rung had capacity under the rate limits (or every breaker was open), or the policy
         * rejects.
         */
        NO_CAPACITY,
        /** A daily spend cap was reached. */
        BUDGET_EXHAUSTED
    }
}
