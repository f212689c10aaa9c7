package dev.rung.routing;

import dev.rung.gateway.FailureClass;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The escalation rule as a pure function of (policy, rung, verdict, history, what is left of the
 * budget):
 *
 * <ul>
 *   <li>a pass is accepted, and so is a draft the verifier accepted;
 *   <li>a failed check (or a draft the verifier rejected) climbs to the next rung, because the same
 *       model would likely fail the same way;
 *   <li>a transient provider error (rate limit, 5xx, timeout) retries the same rung after a backoff
 *       that honours the provider's {@code Retry-After}, up to the policy's limit, then climbs;
 *   <li>an overloaded provider (Anthropic's 529, Gemini's 503) climbs at once when there is a rung
 *       after it;
 *   <li>quota, credential and bad-request errors stop at once: no other rung of the same account
 *       can help.
 * </ul>
 *
 * The deadline and the attempt cap override everything else. Randomness (the backoff's jitter) is
 * passed in, so the same inputs always give the same decision.
 */
public final class Escalation {

    private final Backoff backoff;

    public Escalation(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * Exponential backoff with proportional jitter: {@code initial × multiplier^n ± jitter}, capped
     * at {@code max}.
     */
    public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {}

    /** What is left of the task's limits before this decision. */
    public record Budget(int attemptsLeft, Duration timeLeft) {}

    /** One earlier attempt, as far as escalation cares. */
    public record Step(int rung, AttemptVerdict verdict) {}

    public Decision decide(
            Policy policy,
            int rung,
            AttemptVerdict verdict,
            List<Step> history,
            Budget budget,
            double jitterDraw) {
        Decision wanted =
                switch (verdict) {
                    case AttemptVerdict.Passed passed -> new Decision.Accept();
                    case AttemptVerdict.Verified verified -> new Decision.Accept();
                    case AttemptVerdict.CheckFailed failed ->
                            climbOrStop(policy, rung, failed.code());
                    // Flex had no capacity: the standard tier has, so the same rung goes again at
                    // once (the router sends it there).
                    case AttemptVerdict.ProviderFailed failed
                            when failed.failure().failureClass()
                                    == FailureClass.CAPACITY_UNAVAILABLE ->
                            new Decision.RetrySameRung(Duration.ZERO);
                    // The whole provider is overloaded: the next rung (often another vendor) goes
                    // at once; on the last rung, waiting is all that is left.
                    case AttemptVerdict.ProviderFailed failed
                            when failed.failure().failureClass() == FailureClass.OVERLOADED
                                    && policy.hasRungAfter(rung) ->
                            new Decision.NextRung(failed.code());
                    case AttemptVerdict.ProviderFailed failed ->
                            failed.failure().failureClass().isTransient()
                                    ? retryOrClimb(policy, rung, failed, history, jitterDraw)
                                    : new Decision.Stop(Decision.StopReason.FATAL_PROVIDER_ERROR);
                    case AttemptVerdict.NotRun notRun ->
                            switch (notRun.reason()) {
                                // A bigger model costs more: with the budget gone, climbing cannot
                                // help.
                                case BUDGET_EXHAUSTED ->
                                        new Decision.Stop(Decision.StopReason.BUDGET_EXHAUSTED);
                                case NO_CAPACITY, CIRCUIT_OPEN ->
                                        policy.whenNoCapacity() == Policy.NoCapacity.FALL_BACK
                                                        && policy.hasRungAfter(rung)
                                                ? new Decision.NextRung(notRun.code())
                                                : new Decision.Stop(
                                                        Decision.StopReason.NO_CAPACITY);
                            };
                };
        return withinBudget(wanted, budget);
    }

    private Decision retryOrClimb(
            Policy policy,
            int rung,
            AttemptVerdict.ProviderFailed failed,
            List<Step> history,
            double jitterDraw) {
        long retriesSoFar =
                history.stream()
                        .filter(
                                step ->
                                        step.rung() == rung
                                                && step.verdict()
                                                        instanceof AttemptVerdict.ProviderFailed)
                        .count();
        if (retriesSoFar < policy.maxRetriesPerRung()) {
            return new Decision.RetrySameRung(
                    delay((int) retriesSoFar, failed.failure().retryAfter(), jitterDraw));
        }
        return climbOrStop(
                policy, rung, failed.code() + " persisted after " + retriesSoFar + " retries");
    }

    private static Decision climbOrStop(Policy policy, int rung, String reason) {
        return policy.hasRungAfter(rung)
                ? new Decision.NextRung(reason)
                : new Decision.Stop(Decision.StopReason.LADDER_EXHAUSTED);
    }

    private static Decision withinBudget(Decision wanted, Budget budget) {
        return switch (wanted) {
            case Decision.Accept accept -> accept;
            case Decision.Verify verify -> verify;
            case Decision.Superseded superseded -> superseded;
            case Decision.Stop stop -> stop;
            case Decision.RetrySameRung retry
                    when retry.delay().compareTo(budget.timeLeft()) >= 0 ->
                    new Decision.Stop(Decision.StopReason.DEADLINE_EXCEEDED);
            case Decision.RetrySameRung retry when budget.attemptsLeft() <= 0 ->
                    new Decision.Stop(Decision.StopReason.MAX_ATTEMPTS);
            case Decision.RetrySameRung retry -> retry;
            case Decision.NextRung next
                    when budget.timeLeft().isNegative() || budget.timeLeft().isZero() ->
                    new Decision.Stop(Decision.StopReason.DEADLINE_EXCEEDED);
            case Decision.NextRung next when budget.attemptsLeft() <= 0 ->
                    new Decision.Stop(Decision.StopReason.MAX_ATTEMPTS);
            case Decision.NextRung next -> next;
        };
    }

    private Duration delay(int retriesSoFar, Optional<Duration> retryAfter, double jitterDraw) {
        double base = backoff.initial().toMillis() * Math.pow(backoff.multiplier(), retriesSoFar);
        double jittered = base * (1 + backoff.jitter() * (2 * jitterDraw - 1));
        Duration computed =
                Duration.ofMillis(Math.round(Math.min(jittered, backoff.max().toMillis())));
        return retryAfter.filter(asked -> asked.compareTo(computed) > 0).orElse(computed);
    }
}
