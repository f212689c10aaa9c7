package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.ModelOutcome;
import dev.rung.task.RuleViolation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class EscalationTest {

    static final Policy NANO_FIRST =
            new Policy("nano-first", List.of("nano", "mini", "full"), 2, false);
    static final Escalation.Budget PLENTY = new Escalation.Budget(10, Duration.ofSeconds(60));
    final Escalation escalation =
            new Escalation(
                    new Escalation.Backoff(
                            Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2));

    @Test
    void aPassIsAccepted() {
        var pass =
                new AttemptVerdict.Passed(
                        new CheckOutcome.Pass(JsonNodeFactory.instance.objectNode()));
        assertThat(escalation.decide(NANO_FIRST, 0, pass, List.of(), PLENTY, 0.5))
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void everyFailedCheckClimbsToTheNextRung() {
        List<CheckOutcome> failures =
                List.of(
                        new CheckOutcome.SchemaInvalid(
                                List.of(new dev.rung.task.Violation("/x", "x"))),
                        new CheckOutcome.MissingFields(List.of("label")),
                        new CheckOutcome.RuleFailed(
                                List.of(
                                        new RuleViolation(
                                                "reason_length", "/reason", "long", "too long"))),
                        new CheckOutcome.LowConfidence(0.3, 0.7),
                        new CheckOutcome.Refusal("no"),
                        new CheckOutcome.Truncated(400, 400));
        for (CheckOutcome failure : failures) {
            assertThat(
                            escalation.decide(
                                    NANO_FIRST,
                                    0,
                                    new AttemptVerdict.CheckFailed(failure),
                                    List.of(),
                                    PLENTY,
                                    0.5))
                    .as(failure.code())
                    .isEqualTo(new Decision.NextRung(failure.code()));
        }
    }

    @Test
    void aFailedCheckOnTheLastRungExhaustsTheLadder() {
        var failed = new AttemptVerdict.CheckFailed(new CheckOutcome.LowConfidence(0.1, 0.7));
        assertThat(escalation.decide(NANO_FIRST, 2, failed, List.of(), PLENTY, 0.5))
                .isEqualTo(new Decision.Stop(Decision.StopReason.LADDER_EXHAUSTED));
    }

    @ParameterizedTest
    @EnumSource(
            value = FailureClass.class,
            names = {"RATE_LIMITED", "PROVIDER_ERROR", "TIMEOUT"})
    void transientProviderErrorsRetryTheSameRungWithGrowingBackoff(FailureClass failureClass) {
        var failed = failure(failureClass, Optional.empty());

        var first = escalation.decide(NANO_FIRST, 0, failed, List.of(), PLENTY, 0.5);
        var second =
                escalation.decide(
                        NANO_FIRST,
                        0,
                        failed,
                        List.of(new Escalation.Step(0, failed)),
                        PLENTY,
                        0.5);

        assertThat(first).isEqualTo(new Decision.RetrySameRung(Duration.ofMillis(200)));
        assertThat(second).isEqualTo(new Decision.RetrySameRung(Duration.ofMillis(400)));
    }

    @Test
    void anOverloadedProviderClimbsAtOnceAndIsRetriedOnlyOnTheLastRung() {
        var overloaded = failure(FailureClass.OVERLOADED, Optional.empty());

        assertThat(escalation.decide(NANO_FIRST, 0, overloaded, List.of(), PLENTY, 0.5))
                .isInstanceOf(Decision.NextRung.class);
        assertThat(escalation.decide(NANO_FIRST, 2, overloaded, List.of(), PLENTY, 0.5))
                .isEqualTo(new Decision.RetrySameRung(Duration.ofMillis(200)));
    }

    @Test
    void retriesStopAtThePolicyLimitThenClimb() {
        var failed = failure(FailureClass.RATE_LIMITED, Optional.empty());
        var history = List.of(new Escalation.Step(0, failed), new Escalation.Step(0, failed));

        assertThat(escalation.decide(NANO_FIRST, 0, failed, history, PLENTY, 0.5))
                .isInstanceOf(Decision.NextRung.class);
        assertThat(
                        escalation.decide(
                                NANO_FIRST,
                                2,
                                failed,
                                List.of(
                                        new Escalation.Step(2, failed),
                                        new Escalation.Step(2, failed)),
                                PLENTY,
                                0.5))
                .isEqualTo(new Decision.Stop(Decision.StopReason.LADDER_EXHAUSTED));
    }

    @Test
    void theProvidersRetryAfterIsHonouredWhenLongerThanTheBackoff() {
        var failed = failure(FailureClass.RATE_LIMITED, Optional.of(Duration.ofSeconds(2)));
        assertThat(escalation.decide(NANO_FIRST, 0, failed, List.of(), PLENTY, 0.5))
                .isEqualTo(new Decision.RetrySameRung(Duration.ofSeconds(2)));
    }

    @Test
    void jitterSpreadsTheBackoffWithinItsBand() {
        var failed = failure(FailureClass.PROVIDER_ERROR, Optional.empty());
        assertThat(escalation.decide(NANO_FIRST, 0, failed, List.of(), PLENTY, 0.0))
                .isEqualTo(new Decision.RetrySameRung(Duration.ofMillis(160)));
        assertThat(escalation.decide(NANO_FIRST, 0, failed, List.of(), PLENTY, 1.0))
                .isEqualTo(new Decision.RetrySameRung(Duration.ofMillis(240)));
    }

    @ParameterizedTest
    @EnumSource(
            value = FailureClass.class,
            names = {"QUOTA_EXHAUSTED", "BAD_REQUEST", "AUTH_ERROR"})
    void fatalProviderErrorsStopAtOnce(FailureClass failureClass) {
        assertThat(
                        escalation.decide(
                                NANO_FIRST,
                                0,
                                failure(failureClass, Optional.empty()),
                                List.of(),
                                PLENTY,
                                0.5))
                .isEqualTo(new Decision.Stop(Decision.StopReason.FATAL_PROVIDER_ERROR));
    }

    @Test
    void theDeadlineAndTheAttemptCapOverrideRetriesAndClimbs() {
        var rateLimited = failure(FailureClass.RATE_LIMITED, Optional.of(Duration.ofSeconds(5)));
        var lowConfidence =
                new AttemptVerdict.CheckFailed(new CheckOutcome.LowConfidence(0.1, 0.7));

        assertThat(
                        escalation.decide(
                                NANO_FIRST,
                                0,
                                rateLimited,
                                List.of(),
                                new Escalation.Budget(5, Duration.ofSeconds(1)),
                                0.5))
                .isEqualTo(new Decision.Stop(Decision.StopReason.DEADLINE_EXCEEDED));
        assertThat(
                        escalation.decide(
                                NANO_FIRST,
                                0,
                                lowConfidence,
                                List.of(),
                                new Escalation.Budget(5, Duration.ZERO),
                                0.5))
                .isEqualTo(new Decision.Stop(Decision.StopReason.DEADLINE_EXCEEDED));
        assertThat(
                        escalation.decide(
                                NANO_FIRST,
                                0,
                                lowConfidence,
                                List.of(),
                                new Escalation.Budget(0, Duration.ofSeconds(9)),
                                0.5))
                .isEqualTo(new Decision.Stop(Decision.StopReason.MAX_ATTEMPTS));
    }

    private static AttemptVerdict.ProviderFailed failure(
            FailureClass failureClass, Optional<Duration> retryAfter) {
        return new AttemptVerdict.ProviderFailed(
                new ModelOutcome.Failure(
                        failureClass,
                        429,
                        Optional.empty(),
                        "x",
                        retryAfter,
                        Duration.ofMillis(5),
                        Optional.empty(),
                        Map.of()));
    }
}
