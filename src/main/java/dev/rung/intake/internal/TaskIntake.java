package dev.rung.intake.internal;

import dev.rung.cache.ResponseCache;
import dev.rung.delivery.DeliveryPlans;
import dev.rung.ledger.NewTask;
import dev.rung.ledger.Opened;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.routing.Decision;
import dev.rung.routing.Route;
import dev.rung.routing.RoutedTask;
import dev.rung.routing.TaskRouter;
import dev.rung.task.Grounding;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts one validated request. Synchronously: claim the Idempotency-Key by storing the task as
 * {@code running}, answer from the response cache or run the ladder, store the outcome.
 * Asynchronously: store the task as {@code queued} for a worker. A replay of a known request
 * returns the stored task.
 */
@Component
class TaskIntake {

    private final RouteChoice routes;
    private final TaskRunner runner;
    private final TaskLedger ledger;
    private final TaskRouter router;
    private final RequestFingerprint fingerprint;
    private final ResponseCache cache;
    private final DeliveryPlans deliveries;
    private final TransactionTemplate transactions;

    TaskIntake(
            RouteChoice routes,
            TaskRunner runner,
            TaskLedger ledger,
            TaskRouter router,
            RequestFingerprint fingerprint,
            ResponseCache cache,
            DeliveryPlans deliveries,
            TransactionTemplate transactions) {
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.routes = routes;
        this.runner = runner;
        this.ledger = ledger;
        this.router = router;
        this.fingerprint = fingerprint;
        this.cache = cache;
    }

    /** The stored task, and whether it is a replay of an earlier request. */
    record Submitted(StoredTask task, boolean replayed) {}

    Submitted submit(
            TaskDefinition type, TaskRequest request, String idempotencyKey, boolean bypassCache) {
        long started = System.nanoTime();
        JsonNode canonical = storable(request);
        Route route = routes.choose(type, request);
        NewTask task = newTask(type, request, idempotencyKey, route, canonical);
        // The version is part of the key: an answer is reused only under the rules and prompt it
        // was checked by.
        // A grounded type's answer stands on documents that change: never reused from the cache.
        String cacheKey =
                cache.enabledFor(type.slug()) && type.grounding() instanceof Grounding.None
                        ? cache.key(
                                type.slug(),
                                // The prompt's hash tells free-form calls apart (one type, each
                                // with its own schema and system message).
                                "v" + type.version() + "/" + type.prompt().sha256(),
                                route.policy().name(),
                                request.input())
                        : null;
        Optional<JsonNode> cached =
                cacheKey == null || bypassCache ? Optional.empty() : cache.lookup(cacheKey);
        Opened opened =
                cached.isPresent()
                        ? ledger.openFromCache(
                                task, cached.get(), (System.nanoTime() - started) / 1_000_000)
                        : ledger.open(task);
        return switch (opened) {
            case Opened.AlreadyExists existing ->
                    new Submitted(
                            replay(
                                    existing.existing(),
                                    sameRequest(existing.existing(), type, request, task)),
                            true);
            case Opened.Fresh fresh when cached.isPresent() -> {
                StoredTask hit = ledger.find(fresh.taskId()).orElseThrow();
                runner.count(hit);
                yield new Submitted(hit, false);
            }
            case Opened.Fresh fresh -> {
                TaskRunner.Ran ran = runner.run(fresh.taskId(), type, request, route, started);
                if (cacheKey != null && ran.task().result() != null) {
                    cache.store(cacheKey, type.slug(), ran.task().result(), ran.task().id());
                }
                refuseIfThrottled(ran.routed(), ran.task());
                yield new Submitted(ran.task(), false);
            }
        };
    }

    /**
     * Stores the task as {@code queued} with a signed callback of its result to {@code callback},
     * in one transaction: a replayed request keeps the callback its first request planned.
     */
    Submitted enqueue(
            TaskDefinition type, TaskRequest request, String idempotencyKey, URI callback) {
        return transactions.execute(
                status -> {
                    Submitted submitted = enqueue(type, request, idempotencyKey);
                    if (!submitted.replayed()) {
                        deliveries.forCaller(submitted.task().id(), callback);
                    }
                    return submitted;
                });
    }

    /**
     * Stores the task as {@code queued}; a worker runs it. Joins the caller's transaction, if any.
     */
    Submitted enqueue(TaskDefinition type, TaskRequest request, String idempotencyKey) {
        JsonNode canonical = storable(request);
        NewTask task =
                newTask(type, request, idempotencyKey, routes.choose(type, request), canonical);
        return switch (ledger.enqueue(task)) {
            case Opened.AlreadyExists existing ->
                    new Submitted(
                            sameRequest(existing.existing(), type, request, task)
                                    ? existing.existing()
                                    : replay(existing.existing(), false),
                            true);
            case Opened.Fresh fresh ->
                    new Submitted(ledger.find(fresh.taskId()).orElseThrow(), false);
        };
    }

    /**
     * Text PostgreSQL cannot store is refused before anything else happens (an arm assignment,
     * say).
     */
    private JsonNode storable(TaskRequest request) {
        JsonNode canonical = fingerprint.canonical(request);
        var unstorable = StorableText.violations(canonical);
        if (!unstorable.isEmpty()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    unstorable.size() + " field(s) are invalid",
                    Map.of("errors", unstorable));
        }
        return canonical;
    }

    private NewTask newTask(
            TaskDefinition type,
            TaskRequest request,
            String idempotencyKey,
            Route route,
            JsonNode canonical) {
        return new NewTask(
                type.slug(),
                type.version(),
                request.subjectId(),
                idempotencyKey,
                fingerprint.sha256(type.slug(), canonical),
                request.input(),
                route.tier().name(),
                route.policy().name(),
                route.experimentId(),
                route.arm(),
                router.simulated(),
                Instant.now(),
                request.deadline());
    }

    /**
     * A task that stopped because no rung had capacity or a spend cap was reached is answered 429
     * with Retry-After, so callers back off; the failed task stays readable under its id.
     */
    private static void refuseIfThrottled(RoutedTask routed, StoredTask stored) {
        Decision.StopReason reason = routed.stopReason().orElse(null);
        if (reason != Decision.StopReason.NO_CAPACITY
                && reason != Decision.StopReason.BUDGET_EXHAUSTED) {
            return;
        }
        long retryAfterMs =
                routed.attempts().stream()
                        .map(attempt -> attempt.detail().get("retryAfterMs"))
                        .filter(Number.class::isInstance)
                        .mapToLong(value -> ((Number) value).longValue())
                        .min()
                        .orElse(1000);
        String seconds = String.valueOf(Math.max(1, (retryAfterMs + 999) / 1000));
        ProblemType type =
                reason == Decision.StopReason.NO_CAPACITY
                        ? ProblemType.NO_CAPACITY
                        : ProblemType.BUDGET_EXHAUSTED;
        throw new ProblemException(
                type,
                reason == Decision.StopReason.NO_CAPACITY
                        ? "Every model of the task's policy is at its rate limit or unavailable;"
                                + " retry after Retry-After seconds."
                        : "A daily spend cap is reached; see GET /v1/budgets.",
                Map.of("taskId", stored.id()),
                Map.of("Retry-After", seconds));
    }

    /**
     * Whether the task holding the key was made by the same request; one stored before versions is
     * hashed as then.
     */
    private boolean sameRequest(
            StoredTask existing, TaskDefinition type, TaskRequest request, NewTask task) {
        return existing.requestHash().equals(task.requestHash())
                || (existing.typeVersion() == null
                        && existing.requestHash()
                                .equals(LegacyRequestHash.of(type, request, fingerprint)));
    }

    private static StoredTask replay(StoredTask existing, boolean sameRequest) {
        if (!sameRequest) {
            throw new ProblemException(
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key belongs to a different request body or task type; use a"
                            + " new key.",
                    Map.of("taskId", existing.id()));
        }
        if (existing.running()) {
            throw new ProblemException(
                    ProblemType.REQUEST_IN_PROGRESS,
                    "The first request with this Idempotency-Key has not finished; retry after it"
                            + " has.",
                    Map.of("taskId", existing.id()));
        }
        return existing;
    }
}
