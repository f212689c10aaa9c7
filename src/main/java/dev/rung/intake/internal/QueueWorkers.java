package dev.rung.intake.internal;

import dev.rung.ledger.QueuedTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.task.Stakes;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.web.DatabaseOutage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Workers that take queued tasks from PostgreSQL ({@code FOR UPDATE SKIP LOCKED}, so replicas never
 * take the same one) and run them. One poller claims as many tasks as there are free workers, so an
 * idle service costs one query per poll interval, not one per worker. A taken task is leased; if
 * its worker dies, another takes it over when the lease ends, so accepted work survives a crash or
 * restart.
 */
@Component
@ConditionalOnBooleanProperty(
        name = "rung.migrate-and-exit",
        havingValue = false,
        matchIfMissing = true)
class QueueWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWorkers.class);

    private final TaskLedger ledger;
    private final TaskRunner runner;
    private final RouteChoice routes;
    private final TaskCatalog catalog;
    private final Semaphore freeWorkers;
    private final Duration pollInterval;
    private final Duration lease;
    private volatile boolean running;
    private Thread poller;
    private ExecutorService workers;

    QueueWorkers(
            TaskLedger ledger,
            TaskRunner runner,
            RouteChoice routes,
            TaskCatalog catalog,
            @Value("${rung.workers.concurrency:16}") int concurrency,
            @Value("${rung.workers.poll-interval:200ms}") Duration pollInterval,
            @Value("${rung.workers.lease:5m}") Duration lease) {
        this.ledger = ledger;
        this.runner = runner;
        this.routes = routes;
        this.catalog = catalog;
        this.freeWorkers = new Semaphore(concurrency);
        this.pollInterval = pollInterval;
        this.lease = lease;
    }

    @Override
    public synchronized void start() {
        running = true;
        workers = Executors.newVirtualThreadPerTaskExecutor();
        poller = Thread.ofVirtual().name("rung-queue-poller").start(this::poll);
    }

    @Override
    public synchronized void stop() {
        running = false;
        poller.interrupt();
        workers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            try {
                freeWorkers.acquire();
                int free = 1 + freeWorkers.drainPermits();
                List<QueuedTask> taken = List.of();
                try {
                    taken = ledger.claim(free, Instant.now().plus(lease));
                } finally {
                    freeWorkers.release(
                            free - taken.size()); // the workers that got no task are free again
                }
                taken.forEach(task -> workers.submit(() -> process(task)));
                if (taken.isEmpty()) {
                    Thread.sleep(pollInterval);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (DatabaseOutage.causedBy(e)) {
                    log.warn(
                            "Taking queued tasks failed: the database cannot be reached ({});"
                                    + " trying again",
                            DatabaseOutage.describe(e));
                } else {
                    log.error("Taking queued tasks failed; trying again", e);
                }
                sleepQuietly();
            }
        }
    }

    private void process(QueuedTask queued) {
        try {
            // A task runs on the version it was accepted with; one accepted before versions
            // existed, on the current.
            TaskDefinition type =
                    (queued.typeVersion() == null
                                    ? catalog.current(queued.type())
                                    : catalog.version(queued.type(), queued.typeVersion()))
                            .orElseThrow();
            // Stakes only choose the route, which was stored when the task was accepted.
            TaskRequest request =
                    new TaskRequest(
                            queued.subjectId(),
                            (ObjectNode) queued.input(),
                            Stakes.NONE,
                            queued.deadline());
            runner.run(
                    queued.id(), type, request, routes.stored(queued, request), System.nanoTime());
        } catch (RuntimeException e) {
            log.error("Queued task {} could not be run", queued.id(), e);
        } finally {
            freeWorkers.release();
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
