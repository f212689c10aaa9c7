package dev.rung.routing;

import dev.rung.budgets.BudgetScope;
import dev.rung.budgets.Budgets;
import dev.rung.budgets.Reservation;
import dev.rung.checks.AnswerChecker;
import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.ModelGateway;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.TokenCounter;
import dev.rung.gateway.TokenUsage;
import dev.rung.pricing.PriceBook;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.RenderedPrompt;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Walks one task up its ladder: reserve the call's worst-case cost, call the rung's model, check the answer,
 * price the call and settle the reservation, hand the attempt to the sink, and let {@link Escalation} say
 * what happens next.
 */
@Component
public class TaskRouter {

    private static final Duration MINIMUM_CALL_TIMEOUT = Duration.ofMillis(100);

    private final ModelGateway gateway;
    private final AnswerChecker checker;
    private final PriceBook prices;
    private final Budgets budgets;
    private final RoutingProperties properties;
    private final RoutingMetrics metrics;
    private final ObservationRegistry observations;
    private final Escalation escalation;

    TaskRouter(ModelGateway gateway, AnswerChecker checker, PriceBook prices, Budgets budgets, RoutingProperties properties,
            RoutingMetrics metrics, ObservationRegistry observations) {
        this.observations = observations;
        this.gateway = gateway;
        this.checker = checker;
        this.prices = prices;
        this.budgets = budgets;
        this.properties = properties;
        this.metrics = metrics;
        var backoff = properties.backoff();
        this.escalation = new Escalation(
                new Escalation.Backoff(backoff.initial(), backoff.max(), backoff.multiplier(), backoff.jitter()));
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
            Instant started = Instant.now();
            var call = new ModelRequest(model, prompt.system(), userMessage, task.schemaName(), task.outputSchema(),
                    task.maxOutputTokens(), properties.models().get(model).reasoningEffort(), prompt.cacheKey(),
                    callTimeout(deadline), TokenCounter.promptTokens(prompt.system(), userMessage));
            Reservation reservation = budgets.reserve(scope, worstCase(call, started), rung == 0);
            ModelOutcome outcome = reservation instanceof Reservation.Granted
                    ? observedCall(call, rung + 1)
                    : new ModelOutcome.Rejected(ModelOutcome.RejectionReason.NO_CAPACITY, Optional.empty(), Duration.ZERO);
            Optional<BigDecimal> cost = cost(model, outcome, started);
            if (reservation instanceof Reservation.Granted granted) {
                budgets.settle(granted, cost.orElse(granted.amount()));
            }
            AttemptVerdict verdict = verdict(task, request, route, outcome, reservation);
            var budget = new Escalation.Budget(properties.maxAttempts() - attempts.size() - 1,
                    Duration.between(Instant.now(), deadline));
            Decision decision = escalation.decide(route.policy(), rung, verdict, history, budget,
                    ThreadLocalRandom.current().nextDouble());
            AttemptRecord attempt = AttemptDetails.record(attempts.size() + 1, rung + 1, gateway.provider(), model,
                    prompt, outcome, verdict, decision, cost, started,
                    route.policy().escalateWithContext() && rung > 0 && !userMessage.equals(prompt.user()));
            sink.record(attempt);
            metrics.attempt(task.slug(), route, attempt);
            attempts.add(attempt);
            history.add(new Escalation.Step(rung, verdict));
            switch (decision) {
                case Decision.Accept accept -> {
                    return new RoutedTask(route, Optional.of(((AttemptVerdict.Passed) verdict).pass().result()),
                            Optional.empty(), List.copyOf(attempts));
                }
                case Decision.Stop stop -> {
                    return new RoutedTask(route, Optional.empty(), Optional.of(stop.reason()), List.copyOf(attempts));
                }
                case Decision.RetrySameRung retry -> pause(retry.delay());
                case Decision.NextRung next -> {
                    rung++;
                    userMessage = route.policy().escalateWithContext()
                            ? EscalationContext.withPreviousDraft(prompt.user(), outcome, verdict)
                            : prompt.user();
                }
            }
        }
    }

    /** A child span of the task's trace for each model call. */
    private ModelOutcome observedCall(ModelRequest call, int rung) {
        Observation observation = Observation.createNotStarted("rung.attempt", observations)
                .lowCardinalityKeyValue("model", call.model())
                .lowCardinalityKeyValue("rung", String.valueOf(rung))
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            ModelOutcome outcome = gateway.call(call);
            observation.lowCardinalityKeyValue("result", switch (outcome) {
                case ModelOutcome.Answer answer -> "answered";
                case ModelOutcome.Failure failure -> failure.failureClass().name().toLowerCase(java.util.Locale.ROOT);
                case ModelOutcome.Rejected rejected -> "not_sent";
            });
            return outcome;
        } catch (RuntimeException | Error unexpected) {
            // Every rung.attempt timer carries the same tag keys: Prometheus refuses a meter whose keys differ.
            observation.lowCardinalityKeyValue("result", "error").error(unexpected);
            throw unexpected;
        } finally {
            observation.stop();
        }
    }

    private AttemptVerdict verdict(TaskDefinition task, TaskRequest request, Route route, ModelOutcome outcome,
            Reservation reservation) {
        if (reservation instanceof Reservation.Exhausted exhausted) {
            return new AttemptVerdict.NotRun(AttemptVerdict.NotRunReason.BUDGET_EXHAUSTED, Optional.of(exhausted.retryAfter()));
        }
        return switch (outcome) {
            case ModelOutcome.Answer answer -> switch (checker.check(task, route.tier(), answer, request.input())) {
                case CheckOutcome.Pass pass -> new AttemptVerdict.Passed(pass);
                case CheckOutcome failed -> new AttemptVerdict.CheckFailed(failed);
            };
            case ModelOutcome.Failure failure -> new AttemptVerdict.ProviderFailed(failure);
            case ModelOutcome.Rejected rejected -> new AttemptVerdict.NotRun(switch (rejected.reason()) {
                case NO_CAPACITY, BULKHEAD_FULL -> AttemptVerdict.NotRunReason.NO_CAPACITY;
                case CIRCUIT_OPEN -> AttemptVerdict.NotRunReason.CIRCUIT_OPEN;
            }, rejected.retryAfter());
        };
    }

    /** The most a call can cost: every prompt token uncached and the whole output allowance used. */
    private BigDecimal worstCase(ModelRequest call, Instant at) {
        return prices.cost(call.model(), new TokenUsage(call.promptTokens(), 0, call.maxOutputTokens(), 0), at)
                .orElse(BigDecimal.ZERO);
    }

    private Optional<BigDecimal> cost(String model, ModelOutcome outcome, Instant at) {
        TokenUsage usage = outcome instanceof ModelOutcome.Answer answer ? answer.usage() : TokenUsage.NONE;
        return prices.cost(model, usage, at);
    }

    private Duration callTimeout(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        Duration timeout = left.compareTo(properties.callTimeout()) < 0 ? left : properties.callTimeout();
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
