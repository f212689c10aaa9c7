package dev.rung.intake.internal;

import dev.rung.knowledge.SourceUse;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.ledger.TaskOutcome;
import dev.rung.routing.AttemptSink;
import dev.rung.routing.Decision;
import dev.rung.routing.Route;
import dev.rung.routing.RoutedTask;
import dev.rung.routing.TaskRouter;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a task up its ladder, each attempt stored as in flight before its call leaves and completed
 * when it ends, then stores and counts the outcome.
 */
@Component
class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskRouter router;
    private final TaskLedger ledger;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final Tracer tracer;
    private final SourceUse sources;

    TaskRunner(
            TaskRouter router,
            TaskLedger ledger,
            MeterRegistry meters,
            ObservationRegistry observations,
            Tracer tracer,
            SourceUse sources) {
        this.sources = sources;
        this.observations = observations;
        this.tracer = tracer;
        this.router = router;
        this.ledger = ledger;
        this.meters = meters;
    }

    record Ran(StoredTask task, RoutedTask routed) {}

    Ran run(UUID taskId, TaskDefinition type, TaskRequest request, Route route, long startedNanos) {
        return run(
                taskId, type, route, startedNanos, sink -> router.run(type, request, route, sink));
    }

    /**
     * As {@link #run(UUID, TaskDefinition, TaskRequest, Route, long)}, the ladder walked by {@code
     * walk} (a task resumed after its batch line).
     */
    Ran run(
            UUID taskId,
            TaskDefinition type,
            Route route,
            long startedNanos,
            Function<AttemptSink, RoutedTask> walk) {
        // One trace per task: the model calls below are its child spans.
        return Observation.createNotStarted("rung.task", observations)
                .lowCardinalityKeyValue("task_type", type.slug())
                .lowCardinalityKeyValue("tier", route.tier().name())
                .observe(() -> runObserved(taskId, type, route, startedNanos, walk));
    }

    private Ran runObserved(
            UUID taskId,
            TaskDefinition type,
            Route route,
            long startedNanos,
            Function<AttemptSink, RoutedTask> walk) {
        try {
            RoutedTask routed = walk.apply(new LedgerSink(ledger, sources, taskId));
            long latencyMs = (System.nanoTime() - startedNanos) / 1_000_000;
            Span span = tracer.currentSpan();
            TaskOutcome outcome =
                    new TaskOutcome(
                            routed.result().orElse(null),
                            routed.stopReason()
                                    .map(reason -> reason.name().toLowerCase(java.util.Locale.ROOT))
                                    .orElse(null));
            StoredTask stored =
                    ledger.finish(
                            taskId,
                            outcome,
                            latencyMs,
                            span == null ? null : span.context().traceId());
            log.info(
                    "Task {} {} {} in {} attempt(s), {} ms, tier {}, policy {}",
                    taskId,
                    type.slug(),
                    stored.status(),
                    routed.attempts().size(),
                    latencyMs,
                    route.tier(),
                    route.policy().name());
            if (routed.stopReason()
                    .filter(reason -> reason == Decision.StopReason.FATAL_PROVIDER_ERROR)
                    .isPresent()) {
                var last = routed.attempts().getLast();
                // Quota and credential errors need a person: say so loudly, without the provider's
                // message text.
                log.error(
                        "Task {} stopped on a provider error no retry can fix: {} (HTTP {}, code"
                                + " {}) from {} {}",
                        taskId,
                        last.outcome(),
                        last.detail().get("httpStatus"),
                        last.detail().getOrDefault("errorCode", "none"),
                        last.provider(),
                        last.modelRequested());
            }
            count(stored);
            return new Ran(stored, routed);
        } catch (RuntimeException e) {
            ledger.abandon(taskId, "internal_error");
            throw e;
        }
    }

    /**
     * {@code rung.tasks}: finished tasks by type, status, tier, arm and whether the cache answered.
     */
    void count(StoredTask task) {
        meters.counter(
                        "rung.tasks",
                        "task_type",
                        task.type(),
                        "status",
                        task.status().wire(),
                        "tier",
                        task.tier(),
                        "arm",
                        task.arm() == null ? "none" : task.arm(),
                        "cache_hit",
                        String.valueOf(task.cacheHit()))
                .increment();
    }
}
