package dev.rung.intake.internal;

import dev.rung.cache.ResponseCache;
import io.micrometer.core.instrument.MeterRegistry;
import dev.rung.experiments.Assignment;
import dev.rung.experiments.ExperimentAssigner;
import dev.rung.gateway.ModelGateway;
import dev.rung.ledger.NewTask;
import dev.rung.ledger.Opened;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.routing.Decision;
import dev.rung.routing.Policy;
import dev.rung.routing.Route;
import dev.rung.routing.RoutePlanner;
import dev.rung.routing.RoutedTask;
import dev.rung.routing.TaskRouter;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskRequest;
import dev.rung.task.TaskType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs one accepted request: claim the Idempotency-Key by storing the task as {@code running}, walk the
 * ladder with every attempt stored as it ends, then store the outcome. A replay of a finished request returns
 * the stored task without a model call.
 */
@Component
class TaskIntake {

    private static final Logger log = LoggerFactory.getLogger(TaskIntake.class);

    private final TaskCatalog catalog;
    private final RoutePlanner planner;
    private final TaskRouter router;
    private final TaskLedger ledger;
    private final ModelGateway gateway;
    private final RequestFingerprint fingerprint;
    private final ExperimentAssigner experiments;
    private final ResponseCache cache;
    private final MeterRegistry meters;

    TaskIntake(TaskCatalog catalog, RoutePlanner planner, TaskRouter router, TaskLedger ledger, ModelGateway gateway,
            RequestFingerprint fingerprint, ExperimentAssigner experiments, ResponseCache cache, MeterRegistry meters) {
        this.cache = cache;
        this.meters = meters;
        this.experiments = experiments;
        this.catalog = catalog;
        this.planner = planner;
        this.router = router;
        this.ledger = ledger;
        this.gateway = gateway;
        this.fingerprint = fingerprint;
    }

    /** The stored task, and whether it is a replay of an earlier request. */
    record Submitted(StoredTask task, boolean replayed) {
    }

    Submitted submit(TaskType type, TaskRequest request, String idempotencyKey, boolean bypassCache) {
        long started = System.nanoTime();
        JsonNode canonical = fingerprint.canonical(request);
        String hash = fingerprint.sha256(type, canonical);
        ChosenRoute chosen = route(type, request);
        Route route = chosen.route();
        var task = new NewTask(type, request.subjectId(), idempotencyKey, hash, canonical, route, chosen.experimentId(),
                chosen.arm(), "simulator".equals(gateway.provider()), Instant.now());
        String cacheKey = cache.enabledFor(type.slug()) ? cache.key(type.slug(),
                catalog.definition(type).prompt().version(), route.policy().name(), fingerprint.canonicalInput(request)) : null;
        Optional<JsonNode> cached = cacheKey == null || bypassCache ? Optional.empty() : cache.lookup(cacheKey);
        Opened opened = cached.isPresent()
                ? ledger.openFromCache(task, cached.get(), (System.nanoTime() - started) / 1_000_000)
                : ledger.open(task);
        return switch (opened) {
            case Opened.AlreadyExists existing -> new Submitted(replay(existing.existing(), hash), true);
            case Opened.Fresh fresh when cached.isPresent() -> {
                StoredTask hit = ledger.find(fresh.taskId()).orElseThrow();
                count(hit);
                yield new Submitted(hit, false);
            }
            case Opened.Fresh fresh -> {
                StoredTask stored = run(fresh.taskId(), type, request, route, started);
                if (cacheKey != null && stored.result() != null) {
                    cache.store(cacheKey, type.slug(), stored.result(), stored.id());
                }
                count(stored);
                yield new Submitted(stored, false);
            }
        };
    }

    /** {@code rung.tasks}: finished tasks by type, status, tier, arm and whether the cache answered. */
    private void count(StoredTask task) {
        meters.counter("rung.tasks", "task_type", task.type(), "status", task.status(), "tier", task.tier(),
                "arm", task.arm() == null ? "none" : task.arm(), "cache_hit", String.valueOf(task.cacheHit())).increment();
    }

    record ChosenRoute(Route route, UUID experimentId, String arm) {
    }

    /**
     * A task with stakes flags keeps its own (Tier A) route; any other task of a type under experiment takes
     * its subject's arm, or the control policy while the experiment's treatment is paused.
     */
    private ChosenRoute route(TaskType type, TaskRequest request) {
        Route planned = planner.plan(type, request.stakes());
        if (request.stakes() != null && request.stakes().anySet()) {
            return new ChosenRoute(planned, null, null);
        }
        Optional<Assignment> assignment = experiments.assign(type, request.subjectId());
        if (assignment.isPresent()) {
            Policy policy = planner.policy(assignment.get().policy()).orElseThrow();
            return new ChosenRoute(new Route(planned.tier(), policy), assignment.get().experimentId(), assignment.get().arm());
        }
        return experiments.pausedControlPolicy(type).flatMap(planner::policy)
                .map(control -> new ChosenRoute(new Route(planned.tier(), control), null, null))
                .orElse(new ChosenRoute(planned, null, null));
    }

    private StoredTask run(UUID taskId, TaskType type, TaskRequest request, Route route, long startedNanos) {
        try {
            RoutedTask routed = router.run(catalog.definition(type), request, route,
                    attempt -> ledger.recordAttempt(taskId, attempt));
            long latencyMs = (System.nanoTime() - startedNanos) / 1_000_000;
            StoredTask stored = ledger.finish(taskId, routed, latencyMs);
            log.info("Task {} {} {} in {} attempt(s), {} ms, tier {}, policy {}", taskId, type.slug(), stored.status(),
                    routed.attempts().size(), latencyMs, route.tier(), route.policy().name());
            refuseIfThrottled(routed, stored);
            if (routed.stopReason().filter(reason -> reason == Decision.StopReason.FATAL_PROVIDER_ERROR).isPresent()) {
                var last = routed.attempts().getLast();
                // Quota and credential errors need a person: say so loudly, without the provider's message text.
                log.error("Task {} stopped on a provider error no retry can fix: {} (HTTP {}, code {}) from {} {}",
                        taskId, last.outcome(), last.detail().get("httpStatus"), last.detail().getOrDefault("errorCode", "none"),
                        last.provider(), last.modelRequested());
            }
            return stored;
        } catch (RuntimeException e) {
            ledger.abandon(taskId, "internal_error");
            throw e;
        }
    }

    /**
     * A task that stopped because no rung had capacity or a spend cap was reached is answered 429 with
     * Retry-After, so callers back off; the failed task stays readable under its id.
     */
    private static void refuseIfThrottled(RoutedTask routed, StoredTask stored) {
        Decision.StopReason reason = routed.stopReason().orElse(null);
        if (reason != Decision.StopReason.NO_CAPACITY && reason != Decision.StopReason.BUDGET_EXHAUSTED) {
            return;
        }
        long retryAfterMs = routed.attempts().stream()
                .map(attempt -> attempt.detail().get("retryAfterMs"))
                .filter(Number.class::isInstance).mapToLong(value -> ((Number) value).longValue()).min().orElse(1000);
        String seconds = String.valueOf(Math.max(1, (retryAfterMs + 999) / 1000));
        ProblemType type = reason == Decision.StopReason.NO_CAPACITY ? ProblemType.NO_CAPACITY : ProblemType.BUDGET_EXHAUSTED;
        throw new ProblemException(type, reason == Decision.StopReason.NO_CAPACITY
                ? "Every model of the task's policy is at its rate limit or unavailable; retry after Retry-After seconds."
                : "A daily spend cap is reached; see GET /v1/budgets.",
                Map.of("taskId", stored.id()), Map.of("Retry-After", seconds));
    }

    private static StoredTask replay(StoredTask existing, String hash) {
        if (!existing.requestHash().equals(hash)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key belongs to a different request body or task type; use a new key.",
                    Map.of("taskId", existing.id()));
        }
        if (existing.running()) {
            throw new ProblemException(ProblemType.REQUEST_IN_PROGRESS,
                    "The first request with this Idempotency-Key has not finished; retry after it has.",
                    Map.of("taskId", existing.id()));
        }
        return existing;
    }
}
