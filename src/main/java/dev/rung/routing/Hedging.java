package dev.rung.routing;

import dev.rung.budgets.BudgetScope;
import dev.rung.gateway.CallCancellation;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ServiceTier;
import dev.rung.routing.internal.ObservedLatency;
import dev.rung.task.TaskDefinition;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hedged calls, for a policy that asks for them: a call that runs past its model's observed p95
 * latency gets a twin (the same call, or the next rung's) started in parallel. The first answer
 * that passes its checks wins and the other call is cancelled; when neither passes, the first call
 * stands. Both are attempts on record with their cost; the loser's decision is {@code superseded}.
 */
@Component
class Hedging {

    /** One side of a race: the attempt and the rung it ran on (from 0). */
    record Runner(LadderStep.Attempted attempted, int rung) {}

    /** How a race ended: the attempt whose answer counts, and the other one if it was started. */
    record Raced(Runner winner, Optional<Runner> loser) {}

    private final LadderStep step;
    private final ObservedLatency latency;
    private final MeterRegistry meters;

    Hedging(LadderStep step, ObservedLatency latency, MeterRegistry meters) {
        this.step = step;
        this.latency = latency;
        this.meters = meters;
    }

    /**
     * When to start a twin of this call: after its model's observed p95; empty when the policy does
     * not hedge, the call is on flex (slow by design) or the model has no p95 yet.
     */
    Optional<Duration> after(Policy policy, ModelRequest call) {
        if (policy.hedge() == Policy.Hedge.NONE || call.serviceTier() != ServiceTier.STANDARD) {
            return Optional.empty();
        }
        return latency.p95(call.model());
    }

    /** The rung a twin of a call on {@code rung} runs on. */
    static int twinRung(Policy policy, int rung) {
        return policy.hedge() == Policy.Hedge.NEXT_RUNG && policy.hasRungAfter(rung)
                ? rung + 1
                : rung;
    }

    Raced race(
            TaskDefinition task,
            ModelRequest call,
            int rung,
            ModelRequest twin,
            int twinRung,
            int sequence,
            BudgetScope scope,
            AttemptSink sink,
            LadderStep.Judge checks,
            Duration after) {
        // The two attempts record themselves from two threads; the ledger takes a task's writes one
        // at a time.
        AttemptSink serial = new SerialSink(sink);
        CallCancellation first = new CallCancellation();
        CallCancellation second = new CallCancellation();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<LadderStep.Attempted> primary =
                    CompletableFuture.supplyAsync(
                            () ->
                                    step.attempt(
                                            task, call, sequence, rung + 1, scope, serial, checks,
                                            first),
                            threads);
            try {
                return new Raced(
                        new Runner(primary.get(after.toNanos(), TimeUnit.NANOSECONDS), rung),
                        Optional.empty());
            } catch (TimeoutException slow) {
                // Past the p95: the twin starts.
            }
            CompletableFuture<LadderStep.Attempted> hedge =
                    CompletableFuture.supplyAsync(
                            () ->
                                    step.attempt(
                                            task,
                                            twin,
                                            sequence + 1,
                                            twinRung + 1,
                                            scope,
                                            serial,
                                            checks,
                                            second),
                            threads);
            CompletableFuture.anyOf(primary, hedge).exceptionally(error -> null).join();
            boolean primaryFirst = primary.isDone();
            LadderStep.Attempted firstBack = (primaryFirst ? primary : hedge).join();
            if (passed(firstBack)) {
                (primaryFirst ? second : first).cancel();
            }
            Runner primaryRunner = new Runner(primary.join(), rung);
            Runner hedgeRunner = new Runner(hedge.join(), twinRung);
            boolean hedgeWins =
                    passed(hedgeRunner.attempted())
                            && (!primaryFirst || !passed(primaryRunner.attempted()));
            meters.counter(
                            "rung.hedges",
                            "model",
                            call.model(),
                            "winner",
                            hedgeWins ? "hedge" : "primary")
                    .increment();
            return hedgeWins
                    ? new Raced(hedgeRunner, Optional.of(primaryRunner))
                    : new Raced(primaryRunner, Optional.of(hedgeRunner));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a hedged call ran", e);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(e.getCause());
        }
    }

    private static boolean passed(LadderStep.Attempted attempted) {
        return attempted.verdict() instanceof AttemptVerdict.Passed;
    }

    /** A task's sink for two attempts running at once: one write at a time, in order. */
    private record SerialSink(AttemptSink sink) implements AttemptSink {

        @Override
        public synchronized UUID started(AttemptStart attempt) {
            return sink.started(attempt);
        }

        @Override
        public synchronized void ended(UUID attemptId, AttemptRecord attempt) {
            sink.ended(attemptId, attempt);
        }

        @Override
        public synchronized void unsent(AttemptRecord attempt) {
            sink.unsent(attempt);
        }
    }
}
