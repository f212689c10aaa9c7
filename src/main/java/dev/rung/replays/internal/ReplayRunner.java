package dev.rung.replays.internal;

import dev.rung.intake.Reruns;
import dev.rung.ledger.StoredTask;
import dev.rung.routing.Policy;
import dev.rung.routing.Route;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.task.Tier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs replays in the background: the window's served tasks in creation order, a few at a time
 * ({@code rung.replays.concurrency}), each rerun on the candidate policy with the task type version
 * and tier it was served with. Before each task it stops if the replay was cancelled, or if what it
 * spent has reached the cap (tasks already running may take it past the cap by their cost). A daily
 * budget reached on the way fails the replay rather than fill it with refused tasks.
 */
@Component
class ReplayRunner {

    private static final Logger log = LoggerFactory.getLogger(ReplayRunner.class);
    private static final int PAGE = 100;

    private final ReplayStore store;
    private final Reruns reruns;
    private final TaskCatalog catalog;
    private final RoutePlanner planner;
    private final int concurrency;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    private final Semaphore shadowSlots;

    ReplayRunner(
            ReplayStore store,
            Reruns reruns,
            TaskCatalog catalog,
            RoutePlanner planner,
            @Value("${rung.replays.concurrency:4}") int concurrency) {
        this.store = store;
        this.reruns = reruns;
        this.catalog = catalog;
        this.planner = planner;
        this.concurrency = Math.max(1, concurrency);
        this.shadowSlots = new Semaphore(this.concurrency);
    }

    void start(ReplayView replay, Policy policy) {
        jobs.submit(() -> run(replay, policy));
    }

    /**
     * Reruns one served task for a running shadow, after its answer was served, in the background.
     * When every slot is busy the task is not shadowed: a shadow samples, it never queues behind
     * live traffic.
     */
    void shadow(ReplayView shadow, Policy policy, UUID servedTaskId) {
        if (!shadowSlots.tryAcquire()) {
            return;
        }
        jobs.submit(
                () -> {
                    try {
                        shadowOne(shadow, policy, servedTaskId);
                    } catch (RuntimeException e) {
                        log.error("Shadow {} could not rerun a task", shadow.id(), e);
                    } finally {
                        shadowSlots.release();
                    }
                });
    }

    private void shadowOne(ReplayView shadow, Policy policy, UUID servedTaskId) {
        ReplayView now = store.find(shadow.id()).orElse(null);
        if (now == null || !now.status().equals("running") || cancelled.contains(shadow.id())) {
            return;
        }
        if (now.spentUsd().compareTo(now.spendCapUsd()) >= 0) {
            store.end(shadow.id(), ReplayStatus.CAPPED, null);
            return;
        }
        var served =
                store.served(servedTaskId)
                        .filter(task -> shadow.tier() == null || shadow.tier().equals(task.tier()));
        if (served.isEmpty()) {
            return;
        }
        store.sampled(shadow.id());
        var budgetReached = new AtomicReference<String>();
        replayOne(
                shadow,
                policy,
                served.get(),
                new AtomicReference<>(BigDecimal.ZERO),
                budgetReached);
        if (budgetReached.get() != null) {
            store.end(shadow.id(), ReplayStatus.FAILED, budgetReached.get());
        }
    }

    /** Stops a replay running here before its next task. */
    void cancel(UUID id) {
        cancelled.add(id);
    }

    /** Replays whose instance stopped fail as interrupted, on every replica. */
    @Scheduled(fixedDelayString = "${rung.instance.sweep:30s}", initialDelay = 5_000)
    void failInterrupted() {
        int failed = store.failInterrupted();
        if (failed > 0) {
            log.warn("{} replay(s) interrupted: the instance running them stopped", failed);
        }
    }

    private void run(ReplayView replay, Policy policy) {
        var spent = new AtomicReference<>(BigDecimal.ZERO);
        var budgetReached = new AtomicReference<String>();
        var slots = new Semaphore(concurrency);
        ReplayStatus end = ReplayStatus.COMPLETED;
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            ReplayStore.Candidate last = null;
            pages:
            while (true) {
                List<ReplayStore.Candidate> page = store.next(replay, last, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (ReplayStore.Candidate candidate : page) {
                    last = candidate;
                    slots.acquire();
                    Optional<ReplayStatus> stop =
                            stopBefore(replay, spent.get(), budgetReached.get());
                    if (stop.isPresent()) {
                        slots.release();
                        end = stop.get();
                        break pages;
                    }
                    tasks.submit(
                            () -> {
                                try {
                                    replayOne(replay, policy, candidate, spent, budgetReached);
                                } finally {
                                    slots.release();
                                }
                            });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = ReplayStatus.FAILED;
        } catch (RuntimeException e) {
            log.error("Replay {} failed", replay.id(), e);
            store.end(
                    replay.id(),
                    ReplayStatus.FAILED,
                    "internal error: " + e.getClass().getSimpleName());
            return;
        }
        if (budgetReached.get() != null) {
            store.end(replay.id(), ReplayStatus.FAILED, budgetReached.get());
        } else {
            store.end(replay.id(), end, end == ReplayStatus.FAILED ? "interrupted" : null);
        }
        cancelled.remove(replay.id());
        log.info(
                "Replay {} of {} on {} ended: {}",
                replay.id(),
                replay.taskType(),
                replay.policy(),
                end.wire());
    }

    private Optional<ReplayStatus> stopBefore(ReplayView replay, BigDecimal spent, String budget) {
        if (cancelled.contains(replay.id())
                || store.find(replay.id()).map(r -> !r.status().equals("running")).orElse(true)) {
            return Optional.of(ReplayStatus.CANCELLED);
        }
        if (budget != null) {
            return Optional.of(ReplayStatus.FAILED);
        }
        return spent.compareTo(replay.spendCapUsd()) >= 0
                ? Optional.of(ReplayStatus.CAPPED)
                : Optional.empty();
    }

    private void replayOne(
            ReplayView replay,
            Policy policy,
            ReplayStore.Candidate served,
            AtomicReference<BigDecimal> spent,
            AtomicReference<String> budgetReached) {
        if (served.input() == null) {
            store.skippedErased(replay.id());
            return;
        }
        TaskDefinition type =
                catalog.version(replay.taskType(), served.version())
                        .or(() -> catalog.current(replay.taskType()))
                        .orElseThrow();
        var request = new TaskRequest(served.subjectId(), served.input(), null);
        // A learned policy starts each input where its router says, as it would live.
        StoredTask task =
                reruns.rerun(
                        type,
                        request,
                        // Nobody waits for a rerun's answer.
                        planner.startFor(
                                new Route(Tier.valueOf(served.tier()), policy)
                                        .waiting(Route.REPLAY),
                                request,
                                served.queued()),
                        replay.id() + ":" + served.id(),
                        taskId -> store.opened(replay.id(), served.id(), taskId));
        BigDecimal cost = task.costUsd();
        store.replayed(replay.id(), cost);
        if (cost != null) {
            spent.accumulateAndGet(cost, BigDecimal::add);
        }
        if ("budget_exhausted".equals(task.failureReason())) {
            budgetReached.set("a daily spend cap was reached (GET /v1/budgets)");
        }
    }
}
