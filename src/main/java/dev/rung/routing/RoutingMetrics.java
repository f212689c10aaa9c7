package dev.rung.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Micrometer meters of every attempt, tagged by model, task type, tier and experiment arm: attempts
 * by outcome, tokens by kind, cost, latency histograms and escalations (Prometheus at
 * /actuator/prometheus).
 */
@Component
class RoutingMetrics {

    private final MeterRegistry meters;

    RoutingMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void attempt(String taskType, Route route, AttemptRecord attempt) {
        Tags tags =
                Tags.of(
                        "model",
                        attempt.modelRequested(),
                        "task_type",
                        taskType,
                        "tier",
                        route.tier().name(),
                        "arm",
                        route.arm() == null ? "none" : route.arm());
        meters.counter("rung.attempts", tags.and("outcome", attempt.outcome())).increment();
        meters.counter("rung.tokens", tags.and("kind", "input")).increment(attempt.usage().input());
        meters.counter("rung.tokens", tags.and("kind", "cached_input"))
                .increment(attempt.usage().cachedInput());
        meters.counter("rung.tokens", tags.and("kind", "output"))
                .increment(attempt.usage().output());
        meters.counter("rung.tokens", tags.and("kind", "reasoning"))
                .increment(attempt.usage().reasoning());
        if (attempt.costUsd() != null) {
            meters.counter("rung.cost.usd", tags).increment(attempt.costUsd().doubleValue());
        }
        Timer.builder("rung.attempt.latency")
                .tags(tags)
                .publishPercentileHistogram()
                .register(meters)
                .record(attempt.latency());
        if ("next_rung".equals(attempt.detail().get("next"))) {
            meters.counter("rung.escalations", tags.and("why", String.valueOf(attempt.outcome())))
                    .increment();
        }
    }

    /** A rung not started because its model could not answer before the task's deadline. */
    void deadlineSkipped(String model) {
        meters.counter("rung.deadline.skipped", "model", model).increment();
    }
}
