package dev.rung.routing;

import dev.rung.budgets.BudgetScope;
import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ServiceTier;
import dev.rung.gateway.WaitClock;
import dev.rung.routing.internal.ObservedLatency;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.Grounding;
import dev.rung.task.RenderedPrompt;
import dev.rung.task.SourcePassage;
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
import java.util.UUID;
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

    /** A Batch API job's completion window, the longest its first rung's answer can take. */
    private static final Duration BATCH_WINDOW = Duration.ofHours(24);

    private final LadderStep step;
    private final RoutingProperties properties;
    private final RoutingMetrics metrics;
    private final Escalation escalation;
    private final DraftVerifier verifier;
    private final ObservedLatency latency;
    private final Hedging hedging;
    private final Retrieval retrieval;

    TaskRouter(
            LadderStep step,
            RoutingProperties properties,
            RoutingMetrics metrics,
            DraftVerifier verifier,
            ObservedLatency latency,
            Hedging hedging,
            Retrieval retrieval) {
        this.retrieval = retrieval;
        this.latency = latency;
        this.hedging = hedging;
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

    /**
     * The default provider (OpenAI, or the simulator): it serves the models no other provider
     * lists, and runs the Batch API.
     */
    public String provider() {
        return step.provider();
    }

    /** The provider that serves {@code model}, as stored with its attempts. */
    public String provider(String model) {
        return step.provider(model);
    }

    public RoutedTask run(TaskDefinition task, TaskRequest request, Route route, AttemptSink sink) {
        return walk(task, request, route, sink, null);
    }

    /**
     * The call a task's first rung would send, as a line of a Batch API job: the same prompt,
     * schema and settings, on the batch tier.
     */
    public ModelRequest batchCall(TaskDefinition task, TaskRequest request, Route route) {
        RenderedPrompt prompt = task.render(request);
        return call(
                task,
                prompt,
                prompt.user(),
                route.policy().ladder().getFirst(),
                BATCH_WINDOW,
                ServiceTier.BATCH);
    }

    /**
     * Reserves the budget for a task's batch call ({@link #batchCall}) and has {@code sink} store
     * it in flight, before it leaves as a batch line; empty when a budget refuses it, and then
     * nothing is stored and the call must not leave.
     */
    public Optional<LeftElsewhere> sendElsewhere(
            TaskDefinition task, ModelRequest call, Route route, int sequence, AttemptSink sink) {
        var scope = new BudgetScope(task.slug(), route.experimentId(), route.arm());
        return switch (step.start(task, call, sequence, 1, scope, sink)) {
            case LadderStep.Start.Refused refused -> Optional.empty();
            case LadderStep.Start.Recorded recorded ->
                    Optional.of(
                            new LeftElsewhere(
                                    recorded.attemptId(),
                                    recorded.reservation().id(),
                                    recorded.started()));
        };
    }

    /**
     * A batch call that never ran (its batch expired or was cancelled first): nothing was billed,
     * so its reservation is released at no cost.
     */
    public void neverRan(UUID reservationId) {
        step.release(reservationId);
    }

    /** A batch call on record as in flight, with the reservation it holds (null: none). */
    public record LeftElsewhere(UUID attemptId, UUID reservationId, Instant started) {}

    /**
     * Walks a task's ladder whose first rung was answered outside this process, by a Batch API job
     * ({@link #batchCall}): that answer is checked like any, and a failed check or a provider error
     * goes on up the ladder (or retries the rung) synchronously.
     */
    public RoutedTask resume(
            TaskDefinition task,
            TaskRequest request,
            Route route,
            AttemptSink sink,
            AnsweredElsewhere first) {
        return walk(task, request, route, sink, first);
    }

    /**
     * The first rung's call as it ended elsewhere: its attempt, stored as in flight when the call
     * left ({@code attemptId}, the task's {@code sequence}th), the budget reservation it held
     * (null: none), and what came back.
     */
    public record AnsweredElsewhere(
            int sequence,
            UUID attemptId,
            UUID reservationId,
            ModelRequest call,
            ModelOutcome outcome,
            Instant started) {}

    private RoutedTask walk(
            TaskDefinition task,
            TaskRequest request,
            Route route,
            AttemptSink sink,
            AnsweredElsewhere first) {
        List<SourcePassage> sources = retrieval.sources(task, request);
        if (task.grounding() instanceof Grounding.FromSource grounded) {
            sink.given(grounded.source(), sources);
        }
        RenderedPrompt prompt = task.render(request, sources);
        boolean flex = flexFor(task, route);
        Instant deadline = deadline(request, flex);
        // Rungs whose flex call found no capacity: the same call goes on the standard tier.
        Set<Integer> flexMissed = new HashSet<>();
        BudgetScope scope = new BudgetScope(task.slug(), route.experimentId(), route.arm());
        var attempts =
                new AttemptRecorder(
                        task.slug(),
                        route,
                        prompt,
                        step::provider,
                        sink,
                        metrics,
                        first == null ? 0 : first.sequence() - 1);
        List<Escalation.Step> history = new ArrayList<>();
        LadderStep.Judge checks = step.checks(task, request, route, sources);
        String userMessage = prompt.user();
        // A task resumed after its batch answer starts where that answer was given.
        int rung = first != null ? 0 : reachable(route.policy(), 0, deadline);
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
            boolean elsewhere = first != null && attempts.size() == 0;
            var call =
                    elsewhere
                            ? first.call()
                            : call(
                                    task,
                                    prompt,
                                    userMessage,
                                    model,
                                    callTimeout(deadline, tier),
                                    tier);
            Optional<Duration> hedgeAfter =
                    elsewhere ? Optional.empty() : hedging.after(route.policy(), call);
            LadderStep.Attempted attempted;
            if (elsewhere) {
                attempted = step.answered(first, checks);
            } else if (hedgeAfter.isPresent()) {
                int twinRung = Hedging.twinRung(route.policy(), rung);
                ModelRequest twin =
                        twinRung == rung
                                ? call
                                : call(
                                        task,
                                        prompt,
                                        userMessage,
                                        route.policy().ladder().get(twinRung),
                                        callTimeout(deadline),
                                        ServiceTier.STANDARD);
                Hedging.Raced raced =
                        hedging.race(
                                task,
                                call,
                                rung,
                                twin,
                                twinRung,
                                attempts.nextSequence(),
                                scope,
                                sink,
                                checks,
                                hedgeAfter.get());
                // The loser is on record as superseded; the ladder goes on from the winner's rung.
                if (raced.loser().isPresent()) {
                    Hedging.Runner loser = raced.loser().get();
                    attempts.add(
                            loser.attempted(),
                            new Decision.Superseded(),
                            loser.rung(),
                            userMessage);
                }
                attempted = raced.winner().attempted();
                rung = raced.winner().rung();
            } else {
                attempted =
                        step.attempt(
                                task, call, attempts.nextSequence(), rung + 1, scope, sink, checks);
            }
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
                                attempts.nextSequence(),
                                rung + 1,
                                scope,
                                sink,
                                verification -> verifier.judge(task, passed.pass(), verification));
            }
            decision = decide(route, rung, attempted, attempts, history, deadline);
            if (decision instanceof Decision.Accept
                    && task.grounding() instanceof Grounding.FromSource grounded) {
                List<String> cited =
                        Retrieval.cited(grounded, accepted(attempted.verdict()).result());
                sink.cited(grounded.source(), cited);
                decision = new Decision.Accept(retrieval.superseded(grounded, cited));
            }
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
                case Decision.Superseded superseded ->
                        throw new IllegalStateException("the escalation never supersedes");
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

    private ModelRequest call(
            TaskDefinition task,
            RenderedPrompt prompt,
            String userMessage,
            String model,
            Duration timeout,
            ServiceTier tier) {
        var settings = properties.models().get(model);
        return new ModelRequest(
                model,
                prompt.system(),
                userMessage,
                task.schemaName(),
                task.outputSchema(),
                task.maxOutputTokens(),
                settings == null ? null : settings.reasoningEffort(),
                prompt.cacheKey(),
                timeout,
                TokenCounter.promptTokens(prompt.system(), userMessage),
                task.confidence().wantsLogprobs(),
                task.confidence().topLogprobs(),
                null,
                tier);
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
     * (queued, or a rerun), its policy asks for flex (a bulk job's task always does: its batch line
     * is at batch prices, and what follows it can wait as well) and neither its type nor its source
     * is kept off it.
     */
    private boolean flexFor(TaskDefinition task, Route route) {
        return route.waits()
                && (route.policy().flex() || Route.BULK.equals(route.waitingSource()))
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
            WaitClock.waited(delay.toNanos());
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
