package dev.rung.jobs.internal;

import dev.rung.gateway.BatchGateway;
import dev.rung.gateway.BatchState;
import dev.rung.routing.Route;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.web.DatabaseOutage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Drives open jobs one step at a time, every {@code rung.jobs.poll-interval}: a preparing job has
 * its tasks stored and its lines uploaded; a waiting one has its batches polled, and an ended
 * batch's lines checked, escalated or resubmitted; a cancelling one has its open batches cancelled.
 * A job is held by one instance at a time (a lease on its row), so replicas share the jobs and one
 * that dies leaves its jobs to the others.
 */
@Component
@ConditionalOnBooleanProperty(
        name = "rung.migrate-and-exit",
        havingValue = false,
        matchIfMissing = true)
class JobDriver {

    private static final Logger log = LoggerFactory.getLogger(JobDriver.class);

    private final JobStore store;
    private final JobLines lines;
    private final BatchOutcomes outcomes;
    private final BatchGateway gateway;
    private final TaskCatalog catalog;
    private final RoutePlanner planner;
    private final JobProperties properties;

    JobDriver(
            JobStore store,
            JobLines lines,
            BatchOutcomes outcomes,
            BatchGateway gateway,
            TaskCatalog catalog,
            RoutePlanner planner,
            JobProperties properties) {
        this.store = store;
        this.lines = lines;
        this.outcomes = outcomes;
        this.gateway = gateway;
        this.catalog = catalog;
        this.planner = planner;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${rung.jobs.poll-interval:5s}")
    void tick() {
        try {
            for (Optional<JobStore.Job> due = store.takeDue(properties.lease());
                    due.isPresent();
                    due = store.takeDue(properties.lease())) {
                JobStore.Job job = due.get();
                try {
                    step(job);
                } catch (RuntimeException e) {
                    // The provider or the database failed this step; the next tick tries again.
                    // Only the error's kind is logged: a database error's message may quote an
                    // input.
                    log.warn(
                            "Bulk job {} could not go on ({}); trying again",
                            job.id(),
                            e.getClass().getSimpleName());
                } finally {
                    store.release(job.id(), properties.pollInterval());
                }
            }
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            log.warn(
                    "Bulk jobs wait: the database cannot be reached ({})",
                    DatabaseOutage.describe(e));
        }
    }

    void step(JobStore.Job job) {
        TaskDefinition type = catalog.version(job.taskType(), job.taskTypeVersion()).orElseThrow();
        Route route = route(job);
        switch (job.status()) {
            case PREPARING -> {
                lines.park(job, type, route);
                if (store.find(job.id()).orElseThrow().status() == JobStatus.PREPARING) {
                    int sent = lines.upload(job, type, route);
                    store.status(job.id(), JobStatus.WAITING);
                    log.info("Bulk job {}: {} line(s) sent as batches", job.id(), sent);
                }
            }
            case WAITING -> {
                lines.upload(job, type, route);
                follow(job, type, route, false);
            }
            case CANCELLING -> cancel(job, type, route);
            case COMPLETED, CANCELLED -> {}
        }
    }

    /**
     * Polls the job's open batches and collects those that ended; ends the job when all did and no
     * line waits for the next upload (one resubmitted after its batch expired).
     */
    private void follow(JobStore.Job job, TaskDefinition type, Route route, boolean cancelling) {
        boolean open = false;
        for (JobStore.Batch batch : store.batches(job.id())) {
            if (batch.endedAt() != null) {
                continue;
            }
            BatchState state = gateway.poll(batch.id());
            String status = state.phase().name().toLowerCase(java.util.Locale.ROOT);
            store.batchPolled(
                    batch.id(),
                    status,
                    state.completed(),
                    state.failed(),
                    state.failure().orElse(null),
                    false);
            if (state.phase().ended()) {
                outcomes.collect(job, type, route, state, cancelling);
                // Collected: the next poll passes it by (a restart during collection collects
                // what is left).
                store.batchPolled(
                        batch.id(),
                        status,
                        state.completed(),
                        state.failed(),
                        state.failure().orElse(null),
                        true);
            } else {
                open = true;
            }
        }
        if (!open && store.waiting(job.id(), null).isEmpty()) {
            store.status(job.id(), cancelling ? JobStatus.CANCELLED : JobStatus.COMPLETED);
            log.info("Bulk job {} {}", job.id(), cancelling ? "cancelled" : "completed");
        }
    }

    private void cancel(JobStore.Job job, TaskDefinition type, Route route) {
        store.cancelPending(job.id());
        outcomes.dropUnsent(job, type, store.waiting(job.id(), null));
        for (JobStore.Batch batch : store.batches(job.id())) {
            if (batch.endedAt() == null) {
                gateway.cancel(batch.id());
            }
        }
        follow(job, type, route, true);
    }

    private Route route(JobStore.Job job) {
        return new Route(
                Tier.valueOf(job.tier()),
                planner.policy(job.policy())
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "policy " + job.policy() + " is not configured")),
                null,
                null,
                Route.BULK);
    }
}
