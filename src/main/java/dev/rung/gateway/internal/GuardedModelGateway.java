package dev.rung.gateway.internal;

import dev.rung.gateway.CallCancellation;
import dev.rung.gateway.FailureClass;
import dev.rung.gateway.ModelGateway;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.WaitClock;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The model gateway with its guards, each around exactly the call it protects: the shared rate
 * limiter (wait for capacity), a concurrency bulkhead and a circuit breaker per model. Only the
 * provider's own trouble — 5xx, timeouts, rate limits — counts against a breaker; an answer that
 * fails a check is a success here, and quota, credential and request errors say nothing about the
 * model's health.
 */
@Component
class GuardedModelGateway implements ModelGateway {

    private final ProviderClients providers;
    private final SharedRateLimiter limiter;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    GuardedModelGateway(
            ProviderClients providers,
            SharedRateLimiter limiter,
            CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads) {
        this.providers = providers;
        this.limiter = limiter;
        this.breakers = breakers;
        this.bulkheads = bulkheads;
    }

    @Override
    public String provider() {
        return providers.defaultProvider();
    }

    @Override
    public String provider(String model) {
        return providers.forModel(model).provider();
    }

    @Override
    public ModelOutcome call(ModelRequest request) {
        long started = System.nanoTime();
        try {
            return guarded(request, started);
        } finally {
            WaitClock.waited(System.nanoTime() - started);
        }
    }

    private ModelOutcome guarded(ModelRequest request, long started) {
        long estimatedTokens = request.promptTokens() + request.maxOutputTokens();
        SharedRateLimiter.Capacity capacity = limiter.acquire(request.model(), estimatedTokens);
        if (capacity instanceof SharedRateLimiter.Denied denied) {
            return rejected(
                    ModelOutcome.RejectionReason.NO_CAPACITY,
                    Optional.of(denied.retryAfter()),
                    started);
        }
        SharedRateLimiter.Permit permit = (SharedRateLimiter.Permit) capacity;
        Bulkhead bulkhead = bulkheads.bulkhead(request.model());
        if (!bulkhead.tryAcquirePermission()) {
            limiter.reconcile(permit, 0, request.model(), java.util.Map.of());
            return rejected(ModelOutcome.RejectionReason.BULKHEAD_FULL, Optional.empty(), started);
        }
        try {
            CircuitBreaker breaker = breakers.circuitBreaker(request.model());
            if (!breaker.tryAcquirePermission()) {
                limiter.reconcile(permit, 0, request.model(), java.util.Map.of());
                return rejected(
                        ModelOutcome.RejectionReason.CIRCUIT_OPEN,
                        Optional.of(
                                        breaker.getCircuitBreakerConfig()
                                                .getWaitIntervalFunctionInOpenState()
                                                .apply(1))
                                .map(Duration::ofMillis),
                        started);
            }
            long callStarted = System.nanoTime();
            ModelOutcome outcome = exchange(request);
            record(breaker, outcome, System.nanoTime() - callStarted);
            // The provider counts the prompt plus the whole max_completion_tokens allowance, not
            // the tokens used:
            // only the prompt estimate is corrected. A failed call keeps its estimate, to stay on
            // the safe side.
            long countedTokens =
                    switch (outcome) {
                        case ModelOutcome.Answer answer ->
                                answer.usage().input() + request.maxOutputTokens();
                        case ModelOutcome.Failure failure -> estimatedTokens;
                        case ModelOutcome.Rejected rejected -> 0;
                    };
            limiter.reconcile(permit, countedTokens, request.model(), outcome.providerHeaders());
            return outcome;
        } finally {
            bulkhead.onComplete();
        }
    }

    /**
     * The provider's call, bracketed for a cancellation in scope (a hedge's twin answering first):
     * a call cancelled before it leaves does not leave; one cancelled while out has its HTTP
     * exchange interrupted, and only that.
     */
    private ModelOutcome exchange(ModelRequest request) {
        Optional<CallCancellation> cancellation = CallCancellation.current();
        if (cancellation.isPresent() && !cancellation.get().leaving()) {
            return CallOutcomes.cancelled(
                    Duration.ZERO, "cancelled by Rung before it left", java.util.Map.of());
        }
        try {
            return providers.forModel(request.model()).call(request);
        } finally {
            cancellation.ifPresent(CallCancellation::returned);
        }
    }

    private static void record(CircuitBreaker breaker, ModelOutcome outcome, long nanos) {
        switch (outcome) {
            case ModelOutcome.Answer answer -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            // Flex short of capacity says nothing about the model: its standard tier answers.
            case ModelOutcome.Failure failure
                    when failure.failureClass() == FailureClass.CAPACITY_UNAVAILABLE ->
                    breaker.releasePermission();
            case ModelOutcome.Failure failure when failure.failureClass().isTransient() ->
                    breaker.onError(
                            nanos,
                            TimeUnit.NANOSECONDS,
                            new ProviderTrouble(failure.failureClass()));
            case ModelOutcome.Failure failure -> breaker.releasePermission();
            case ModelOutcome.Rejected rejected -> breaker.releasePermission();
        }
    }

    private static ModelOutcome.Rejected rejected(
            ModelOutcome.RejectionReason reason, Optional<Duration> retryAfter, long startedNanos) {
        return new ModelOutcome.Rejected(
                reason, retryAfter, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** What the breaker records for a transient provider failure. */
    static final class ProviderTrouble extends RuntimeException {
        ProviderTrouble(FailureClass failureClass) {
            super(failureClass.name(), null, false, false);
        }
    }
}
