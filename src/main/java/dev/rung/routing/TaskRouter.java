package dev.rung.routing;

import dev.rung.budgets.BudgetScope;
import dev.rung.gateway.ModelRequest;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.RenderedPrompt;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.tokens.TokenCounter;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Walks one task up its ladder: one attempt at a time ({@link LadderStep}), each reported to the
 * sink as it starts and ends, and {@link Escalation} saying after each whether to accept, retry the
 * rung, climb or stop.
 */
@Component
public class TaskRouter {

    private static final Duration MINIMUM_CALL_TIMEOUT = Duration.ofMillis(100);

    private final LadderStep step;
    private final RoutingProperties properties;
    private final RoutingMetrics metrics;
    private final Escalation escalation;

    TaskRouter(LadderStep step, RoutingProperties properties, RoutingMetrics metrics) {
        this.step = step;
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
        Instant deadline = Instant.now().plus(properties.deadline());
        BudgetScope scope = new BudgetScope(task.slug(), route.experimentId(), route.arm());
        List<AttemptRecord> attempts = new ArrayList<>();
        List<Escalation.Step> history = new ArrayList<>();
        String userMessage = prompt.user();
        int rung = 0;
        while (true) {
            String model = route.policy().ladder().get(rung);
            var call =
                    new ModelRequest(
                            model,
                            prompt.system(),
                            userMessage,
                            task.schemaName(),
                            task.outputSchema(),
                            task.maxOutputTokens(),
                            properties.models().get(model).reasoningEffort(),
                            prompt.cacheKey(),
                            callTimeout(deadline),
                            TokenCounter.promptTokens(prompt.system(), userMessage),
                            task.confidence().wantsLogprobs(),
                            task.confidence().topLogprobs());
            LadderStep.Attempted attempted =
                    step.attempt(
                            task, request, route, call, attempts.size() + 1, rung + 1, scope, sink);
            var budget =
                    new Escalation.Budget(
                            properties.maxAttempts() - attempts.size() - 1,
                            Duration.between(Instant.now(), deadline));
            Decision decision =
                    escalation.decide(
                            route.policy(),
                            rung,
                            attempted.verdict(),
                            history,
                            budget,
                            ThreadLocalRandom.current().nextDouble());
            AttemptRecord attempt =
                    AttemptDetails.record(
                            attempts.size() + 1,
                            rung + 1,
                            step.provider(),
                            model,
                            prompt,
                            attempted.outcome(),
                            attempted.verdict(),
                            decision,
                            attempted.cost(),
                            attempted.started(),
                            route.policy().escalateWithContext()
                                    && rung > 0
                                    && !userMessage.equals(prompt.user()));
            switch (attempted) {
                case LadderStep.Attempted.Sent sent -> sink.ended(sent.attemptId(), attempt);
                case LadderStep.Attempted.NotSent notSent -> sink.unsent(attempt);
            }
            metrics.attempt(task.slug(), route, attempt);
            attempts.add(attempt);
            history.add(new Escalation.Step(rung, attempted.verdict()));
            switch (decision) {
                case Decision.Accept accept -> {
                    return new RoutedTask(
                            route,
                            Optional.of(
                                    ((AttemptVerdict.Passed) attempted.verdict()).pass().result()),
                            Optional.empty(),
                            List.copyOf(attempts));
                }
                case Decision.Stop stop -> {
                    return new RoutedTask(
                            route,
                            Optional.empty(),
                            Optional.of(stop.reason()),
                            List.copyOf(attempts));
                }
                case Decision.RetrySameRung retry -> pause(retry.delay());
                case Decision.NextRung next -> {
                    rung++;
                    userMessage =
                            route.policy().escalateWithContext()
                                    ? EscalationContext.withPreviousDraft(
                                            prompt.user(), attempted.outcome(), attempted.verdict())
                                    : prompt.user();
                }
            }
        }
    }

    private Duration callTimeout(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        Duration timeout =
                left.compareTo(properties.callTimeout()) < 0 ? left : properties.callTimeout();
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
