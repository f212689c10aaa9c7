package dev.rung.routing;

import dev.rung.budgets.BudgetScope;
import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ServiceTier;
import dev.rung.routing.internal.ObservedLatency;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.RenderedPrompt;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.tokens.TokenCounter;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Walks one task up its ladder: one attempt at a time ({@link LadderStep}), each reported to the
 * sink as it starts and ends, a draft the checks passed verified first where the task type names a
 * verifier ({@link DraftVerifier}), and {@link Escalation} saying after each whether to accept,
 * retry the rung, climb or stop.
 */
@Component
public class TaskRouter {

    private static final Duration MINIMUM_CALL_TIMEOUT = Duration.ofMillis(100);

    private final LadderStep step;
    private final RoutingProperties properties;
    private final RoutingMetrics metrics;
    private final Escalation escalation;
    private final DraftVerifier verifier;
    private final ObservedLatency latency;

    TaskRouter(
            LadderStep step,
            RoutingProperties properties,
            RoutingMetrics metrics,
            DraftVerifier verifier,
            ObservedLatency latency) {
        this.latency = latency;
        this.step = step;
        this.verifier = verifier;
        this.properties = properties;
        this.metrics = metrics;
        var backoff = properties.backoff();
        this.escalation =
                new Escalation(
                        new Escalation.Backoff(
                                backoff.initial(),
                                backoff.max(),
                                backoff.multiplier(),
                                backoff.jitter()));
    }

    /** Whether the models behind the ladders are Rung's built-in simulator, as tasks must say. */
    public boolean simulated() {
        return step.simulated();
    }

    public RoutedTask run(TaskDefinition task, TaskRequest request, Route route, AttemptSink sink) {
        RenderedPrompt prompt = task.render(request);
        boolean flex = flexFor(task, route);
        Instant deadline = deadline(request, flex);
        // Rungs whose flex call found no capacity: the same call goes on the standard tier.
        Set<Integer> flexMissed = new HashSet<>();
        BudgetScope scope = new BudgetScope(task.slug(), route.experimentId(), route.arm());
        var attempts =
                new AttemptRecorder(task.slug(), route, prompt, step.provider(), sink, metrics);
        List<Escalation.Step> history = new ArrayList<>();
        LadderStep.Judge checks = step.checks(task, request, route);
        String userMessage = prompt.user();
        int rung = reachable(route.policy(), 0, deadline);
        if (rung < 0) {
            return unreachable(route, attempts);
        }
        while (true) {
            String model = route.policy().ladder().get(rung);
            var settings = properties.models().get(model);
            ServiceTier tier =
                    flex && settings != null && settings.flex() && !flexMissed.contains(rung)
                            ? ServiceTier.FLEX
                            : ServiceTier.STANDARD;
            var call =
                    new ModelRequest(
                                    model,
                                    prompt.system(),
                                    userMessage,
                                    task.schemaName(),
                                    task.outputSchema(),
                                    task.maxOutputTokens(),
                                    settings == null ? null : settings.reasoningEffort(),
                                    prompt.cacheKey(),
                                    callTimeout(deadline),
                                    TokenCounter.promptTokens(prompt.system(), userMessage),
                                    task.confidence().wantsLogprobs(),
                                    task.confidence().topLogprobs(),
                                    null)
                            .on(tier, callTimeout(deadline, tier));
            LadderStep.Attempted attempted =
                    step.attempt(task, call, attempts.size() + 1, rung + 1, scope, sink, checks);
            Decision decision;
            LadderStep.Attempted draft = attempted;
            if (attempted.verdict() instanceof AttemptVerdict.Passed passed
                    && attempted.outcome() instanceof ModelOutcome.Answer answer
                    && verifier.applies(task, route, rung)) {
                // The draft is on record with "verify" next; the verifier's attempt decides.
                attempts.add(attempted, new Decision.Verify(), rung, userMessage);
                ModelRequest verifying =
                        verifier.request(task, prompt, call, answer, callTimeout(deadline));
                attempted =
                        step.attempt(
                                task,
                                verifying,
                                attempts.size() + 1,
                                rung + 1,
                                scope,
                                sink,
                                verification -> verifier.judge(task, passed.pass(), verification));
            }
            decision = decide(route, rung, attempted, attempts, history, deadline);
            if (attempted.verdict() instanceof AttemptVerdict.ProviderFailed failed
                    && failed.failure().failureClass() == FailureClass.CAPACITY_UNAVAILABLE) {
                flexMissed.add(rung);
            }
            attempts.add(attempted, decision, rung, userMessage);
            history.add(new Escalation.Step(rung, attempted.verdict()));
            switch (decision) {
                case Decision.Accept accept -> {
                    return new RoutedTask(
                            route,
                            Optional.of(accepted(attempted.verdict()).result()),
                            Optional.empty(),
                            attempts.all());
                }
                case Decision.Stop stop -> {
                    return new RoutedTask(
                            route, Optional.empty(), Optional.of(stop.reason()), attempts.all());
                }
                case Decision.Verify verify ->
                        throw new IllegalStateException("the escalation never asks to verify");
                case Decision.RetrySameRung retry -> pause(retry.delay());
                case Decision.NextRung next -> {
                    rung = reachable(route.policy(), rung + 1, deadline);
                    if (rung < 0) {
                        return unreachable(route, attempts);
                    }
                    // A rejected draft goes to the next rung as the draft, with the verifier's
                    // reason as the failed check.
                    userMessage =
                            route.policy().escalateWithContext()
                                    ? EscalationContext.withPreviousDraft(
                                            prompt.user(), draft.outcome(), attempted.verdict())
                                    : prompt.user();
                }
            }
        }
    }

    /**
     * The caller's deadline, or Rung's own task deadline when that comes first (or the caller gave
     * none); Rung's own is longer for a task whose calls may go on flex, which is slower.
     */
    private Instant deadline(TaskRequest request, boolean flex) {
        Instant own =
                Instant.now().plus(flex ? properties.flex().deadline() : properties.deadline());
        return request.deadline() != null && request.deadline().isBefore(own)
                ? request.deadline()
                : own;
    }

    /**
     * The first rung from {@code from} on whose model has lately answered within the time left (its
     * observed p95 latency); -1 when none has. A model without enough answers yet is tried.
     */
    private int reachable(Policy policy, int from, Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        for (int rung = from; rung < policy.ladder().size(); rung++) {
            String model = policy.ladder().get(rung);
            if (left.isPositive()
                    && latency.p95(model).map(p95 -> p95.compareTo(left) < 0).orElse(true)) {
                return rung;
            }
            metrics.deadlineSkipped(model);
        }
        return -1;
    }

    /** No rung left can answer before the deadline: the task stops without another call. */
    private static RoutedTask unreachable(Route route, AttemptRecorder attempts) {
        return new RoutedTask(
                route,
                Optional.empty(),
                Optional.of(Decision.StopReason.DEADLINE_UNREACHABLE),
                attempts.all());
    }

    /**
     * Whether this task's calls go on the flex tier where the model offers it: the task can wait
     * (queued, or a rerun), its policy asks for flex and its type is not kept off it.
     */
    private boolean flexFor(TaskDefinition task, Route route) {
        return route.waits()
                && route.policy().flex()
                && properties.flex().taskTypes().getOrDefault(task.slug(), true)
                && properties.flex().sources().getOrDefault(route.waitingSource(), true);
    }

    private Decision decide(
            Route route,
            int rung,
            LadderStep.Attempted attempted,
            AttemptRecorder attempts,
            List<Escalation.Step> history,
            Instant deadline) {
        var budget =
                new Escalation.Budget(
                        properties.maxAttempts() - attempts.size() - 1,
                        Duration.between(Instant.now(), deadline));
        return escalation.decide(
                route.policy(),
                rung,
                attempted.verdict(),
                history,
                budget,
                ThreadLocalRandom.current().nextDouble());
    }

    private static CheckOutcome.Pass accepted(AttemptVerdict verdict) {
        return switch (verdict) {
            case AttemptVerdict.Passed passed -> passed.pass();
            case AttemptVerdict.Verified verified -> verified.draft();
            case AttemptVerdict.CheckFailed failed -> throw notAccepted(verdict);
            case AttemptVerdict.NotRun notRun -> throw notAccepted(verdict);
            case AttemptVerdict.ProviderFailed failed -> throw notAccepted(verdict);
        };
    }

    private static IllegalStateException notAccepted(AttemptVerdict verdict) {
        return new IllegalStateException(
                "accepted an attempt that did not pass: " + verdict.code());
    }

    private Duration callTimeout(Instant deadline) {
        return callTimeout(deadline, ServiceTier.STANDARD);
    }

    /** The tier's own timeout (flex's is longer, as OpenAI advises), cut to the time left. */
    private Duration callTimeout(Instant deadline, ServiceTier tier) {
        Duration own =
                tier == ServiceTier.FLEX ? properties.flex().timeout() : properties.callTimeout();
        Duration left = Duration.between(Instant.now(), deadline);
        Duration timeout = left.compareTo(own) < 0 ? left : own;
        return timeout.compareTo(MINIMUM_CALL_TIMEOUT) < 0 ? MINIMUM_CALL_TIMEOUT : timeout;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
