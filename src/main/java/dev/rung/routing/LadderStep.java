package dev.rung.routing;

import dev.rung.budgets.BudgetScope;
import dev.rung.budgets.Budgets;
import dev.rung.budgets.Reservation;
import dev.rung.checks.AnswerChecker;
import dev.rung.checks.Candidate;
import dev.rung.checks.CheckOutcome;
import dev.rung.gateway.CallCancellation;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelGateway;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ServiceTier;
import dev.rung.gateway.TokenUsage;
import dev.rung.pricing.BilledTokens;
import dev.rung.pricing.PriceBook;
import dev.rung.pricing.PriceTier;
import dev.rung.routing.internal.ObservedLatency;
import dev.rung.task.SourcePassage;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One attempt on one rung: reserve the call's worst-case cost, record the attempt as in flight,
 * call the model, price the call and settle the reservation, check the answer. What it amounted to
 * is an {@link AttemptVerdict}; what happens next is {@link Escalation}'s to say.
 */
@Component
class LadderStep {

    /**
     * The attempt as it happened: its call left Rung (and its attempt is on record), or it never
     * did.
     */
    sealed interface Attempted {

        /** The model the call was for. */
        String model();

        ModelOutcome outcome();

        AttemptVerdict verdict();

        /** Empty when the model has no price. */
        Optional<BigDecimal> cost();

        Instant started();

        /** Stored as in flight before the call; {@code attemptId} names that row. */
        record Sent(
                UUID attemptId,
                String model,
                ModelOutcome outcome,
                AttemptVerdict verdict,
                Optional<BigDecimal> cost,
                Instant started)
                implements Attempted {}

        /** Refused before the call (no budget): nothing left Rung, nothing was spent. */
        record NotSent(String model, AttemptVerdict.NotRun verdict, Instant started)
                implements Attempted {

            @Override
            public ModelOutcome outcome() {
                return new ModelOutcome.Rejected(
                        ModelOutcome.RejectionReason.NO_CAPACITY, Optional.empty(), Duration.ZERO);
            }

            @Override
            public Optional<BigDecimal> cost() {
                return Optional.of(BigDecimal.ZERO.setScale(9));
            }
        }
    }

    private final ModelGateway gateway;
    private final AnswerChecker checker;
    private final PriceBook prices;
    private final Budgets budgets;
    private final ObservationRegistry observations;
    private final ObservedLatency latency;

    LadderStep(
            ModelGateway gateway,
            AnswerChecker checker,
            PriceBook prices,
            Budgets budgets,
            ObservationRegistry observations,
            ObservedLatency latency) {
        this.latency = latency;
        this.gateway = gateway;
        this.checker = checker;
        this.prices = prices;
        this.budgets = budgets;
        this.observations = observations;
    }

    /**
     * Turns an answer into a verdict: the machine checks for a draft, the verifier's reading for a
     * verification.
     */
    @FunctionalInterface
    interface Judge {
        AttemptVerdict judge(ModelOutcome.Answer answer);
    }

    /** The machine checks of the task type, as a draft's judge. */
    Judge checks(
            TaskDefinition task, TaskRequest request, Route route, List<SourcePassage> sources) {
        return answer ->
                switch (checker.check(
                        task, route.tier(), candidate(answer), request.input(), sources)) {
                    case CheckOutcome.Pass pass -> new AttemptVerdict.Passed(pass);
                    case CheckOutcome failed -> new AttemptVerdict.CheckFailed(failed);
                };
    }

    Attempted attempt(
            TaskDefinition task,
            ModelRequest call,
            int sequence,
            int rung,
            BudgetScope scope,
            AttemptSink sink,
            Judge judge) {
        return attempt(task, call, sequence, rung, scope, sink, judge, null);
    }

    /** As above, for a call {@code inFlight} may cancel (a hedged one); null: none may. */
    Attempted attempt(
            TaskDefinition task,
            ModelRequest call,
            int sequence,
            int rung,
            BudgetScope scope,
            AttemptSink sink,
            Judge judge,
            CallCancellation inFlight) {
        return switch (start(task, call, sequence, rung, scope, sink)) {
            case Start.Refused refused -> refused.notSent();
            case Start.Recorded recorded -> {
                // From here the call may have left: if it ends in an error, the ledger interrupts
                // the attempt and releases its reservation with the prompt's cost
                // (TaskLedger.abandon, or recovery if the process dies).
                ModelOutcome outcome = cancellableCall(call, rung, inFlight);
                Optional<BigDecimal> cost = billed(call, outcome, recorded.started());
                budgets.settle(recorded.reservation(), cost.orElse(null));
                yield new Attempted.Sent(
                        recorded.attemptId(),
                        call.model(),
                        outcome,
                        verdict(outcome, judge),
                        cost,
                        recorded.started());
            }
        };
    }

    /** Whether a call may leave: its reservation and its attempt on record, or why not. */
    sealed interface Start {

        /** Reserved and stored as in flight: the call may leave now. */
        record Recorded(UUID attemptId, Reservation.Granted reservation, Instant started)
                implements Start {}

        /** No budget: nothing is stored, nothing may leave. */
        record Refused(Attempted.NotSent notSent) implements Start {}
    }

    /**
     * Reserves the call's worst-case cost and stores its attempt as in flight, before the call
     * leaves Rung.
     */
    Start start(
            TaskDefinition task,
            ModelRequest call,
            int sequence,
            int rung,
            BudgetScope scope,
            AttemptSink sink) {
        Instant started = Instant.now();
        Optional<BigDecimal> worstCase = cost(call, call.maxOutputTokens(), started);
        Reservation.Granted granted;
        switch (budgets.reserve(scope, worstCase.orElse(BigDecimal.ZERO), rung == 1)) {
            case Reservation.Exhausted exhausted -> {
                return new Start.Refused(
                        new Attempted.NotSent(
                                call.model(),
                                new AttemptVerdict.NotRun(
                                        AttemptVerdict.NotRunReason.BUDGET_EXHAUSTED,
                                        Optional.of(exhausted.retryAfter())),
                                started));
            }
            case Reservation.Granted reserved -> granted = reserved;
        }
        try {
            UUID attemptId =
                    sink.started(
                            new AttemptStart(
                                    sequence,
                                    rung,
                                    gateway.provider(call.model()),
                                    call.model(),
                                    task.prompt().version(),
                                    task.prompt().sha256(),
                                    call.promptTokens(),
                                    cost(call, 0, started).orElse(null),
                                    worstCase.orElse(null),
                                    granted.id(),
                                    started,
                                    call.serviceTier().wire()));
            return new Start.Recorded(attemptId, granted, started);
        } catch (RuntimeException | Error unexpected) {
            // Not on record, so the call does not leave: nothing was spent.
            budgets.settle(granted, BigDecimal.ZERO);
            throw unexpected;
        }
    }

    /**
     * An attempt whose call left and ended elsewhere (a Batch API line): priced on its tier, its
     * reservation settled with that cost, its answer judged like any other.
     */
    Attempted answered(TaskRouter.AnsweredElsewhere call, Judge judge) {
        ModelOutcome outcome = call.outcome();
        Optional<BigDecimal> cost = billed(call.call(), outcome, call.started());
        if (call.reservationId() != null) {
            budgets.release(call.reservationId(), cost.orElse(null));
        }
        return new Attempted.Sent(
                call.attemptId(),
                call.call().model(),
                outcome,
                verdict(outcome, judge),
                cost,
                call.started());
    }

    /**
     * What a call that left costs: its tokens at its tier's prices. A call cancelled after it left
     * sent its prompt, which may be billed: it is counted at the prompt's cost, as an interrupted
     * call is.
     */
    private Optional<BigDecimal> billed(ModelRequest call, ModelOutcome outcome, Instant started) {
        if (cancelledAfterItLeft(outcome)) {
            return cost(call, 0, started);
        }
        TokenUsage usage =
                outcome instanceof ModelOutcome.Answer answer ? answer.usage() : TokenUsage.NONE;
        return prices.cost(
                call.model(),
                priceTier(call.serviceTier()),
                new BilledTokens(
                        usage.input(),
                        usage.cachedInput(),
                        usage.output(),
                        usage.cacheWriteInput()),
                started);
    }

    /** The call, with {@code inFlight} in scope for the gateway to honour when there is one. */
    private ModelOutcome cancellableCall(ModelRequest call, int rung, CallCancellation inFlight) {
        return inFlight == null
                ? observedCall(call, rung)
                : inFlight.around(() -> observedCall(call, rung));
    }

    /** The gateway's cancelled call with a latency: it had left, and its prompt was sent. */
    private static boolean cancelledAfterItLeft(ModelOutcome outcome) {
        return outcome instanceof ModelOutcome.Failure failure
                && failure.failureClass() == FailureClass.CANCELLED
                && failure.latency().isPositive();
    }

    /** Releases a reservation whose call never ran, counting nothing spent. */
    void release(UUID reservationId) {
        if (reservationId != null) {
            budgets.release(reservationId, BigDecimal.ZERO);
        }
    }

    private static AttemptVerdict verdict(ModelOutcome outcome, Judge judge) {
        return switch (outcome) {
            case ModelOutcome.Answer answer -> judge.judge(answer);
            case ModelOutcome.Failure failure -> new AttemptVerdict.ProviderFailed(failure);
            case ModelOutcome.Rejected rejected ->
                    new AttemptVerdict.NotRun(
                            switch (rejected.reason()) {
                                case NO_CAPACITY, BULKHEAD_FULL ->
                                        AttemptVerdict.NotRunReason.NO_CAPACITY;
                                case CIRCUIT_OPEN -> AttemptVerdict.NotRunReason.CIRCUIT_OPEN;
                            },
                            rejected.retryAfter());
        };
    }

    static Candidate candidate(ModelOutcome.Answer answer) {
        return new Candidate(
                answer.rawText(),
                answer.parsed(),
                answer.refusal(),
                answer.finishReason() == FinishReason.LENGTH,
                answer.usage().output(),
                answer.logprobs()
                        .map(
                                tokens ->
                                        tokens.stream()
                                                .map(
                                                        token ->
                                                                new Candidate.Token(
                                                                        token.token(),
                                                                        token.logprob()))
                                                .toList()));
    }

    /** A child span of the task's trace for each model call. */
    private ModelOutcome observedCall(ModelRequest call, int rung) {
        Observation observation =
                Observation.createNotStarted("rung.attempt", observations)
                        .lowCardinalityKeyValue("model", call.model())
                        .lowCardinalityKeyValue("rung", String.valueOf(rung))
                        .start();
        try (Observation.Scope scope = observation.openScope()) {
            ModelOutcome outcome = gateway.call(call);
            if (outcome instanceof ModelOutcome.Answer answer) {
                latency.record(call.model(), answer.latency());
            }
            observation.lowCardinalityKeyValue(
                    "result",
                    switch (outcome) {
                        case ModelOutcome.Answer answer -> "answered";
                        case ModelOutcome.Failure failure ->
                                failure.failureClass().name().toLowerCase(java.util.Locale.ROOT);
                        case ModelOutcome.Rejected rejected -> "not_sent";
                    });
            return outcome;
        } catch (RuntimeException | Error unexpected) {
            // Every rung.attempt timer carries the same tag keys: Prometheus refuses a meter whose
            // keys differ.
            observation.lowCardinalityKeyValue("result", "error").error(unexpected);
            throw unexpected;
        } finally {
            observation.stop();
        }
    }

    /**
     * The prompt uncached plus {@code outputTokens}: with the whole output allowance, the most a
     * call can cost.
     */
    private Optional<BigDecimal> cost(ModelRequest call, int outputTokens, Instant at) {
        return prices.cost(
                call.model(),
                priceTier(call.serviceTier()),
                new BilledTokens(call.promptTokens(), 0, outputTokens),
                at);
    }

    /** A call is priced from the list of the tier it was sent on. */
    static PriceTier priceTier(ServiceTier tier) {
        return switch (tier) {
            case STANDARD -> PriceTier.STANDARD;
            case FLEX -> PriceTier.FLEX;
            case BATCH -> PriceTier.BATCH;
        };
    }

    /** The default provider, which runs the Batch API. */
    String provider() {
        return gateway.provider();
    }

    /** The provider serving {@code model}. */
    String provider(String model) {
        return gateway.provider(model);
    }

    boolean simulated() {
        return gateway.simulated();
    }
}
