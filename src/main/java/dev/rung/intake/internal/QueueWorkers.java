package dev.rung.intake.internal;

import dev.rung.ledger.QueuedTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.task.TaskRequest;
import dev.rung.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workers that take queued tasks from PostgreSQL ({@code FOR UPDATE SKIP LOCKED}, so replicas never take the
 * same one) and run them. A taken task is leased; if its worker dies, another takes it over when the lease
 * ends, so accepted work survives a crash or restart.
 */
@Component
@ConditionalOnBooleanProperty(name = "rung.migrate-and-exit", havingValue = false, matchIfMissing = true)
class QueueWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWorkers.class);

    private final TaskLedger ledger;
    private final TaskRunner runner;
    private final RouteChoice routes;
    private final JsonMapper json;
    private final int concurrency;
    private final Duration pollInterval;
    private final Duration lease;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    QueueWorkers(TaskLedger ledger, TaskRunner runner, RouteChoice routes, JsonMapper json,
            @Value("${rung.workers.concurrency:16}") int concurrency,
            @Value("${rung.workers.poll-interval:200ms}") Duration pollInterval,
            @Value("${rung.workers.lease:5m}") Duration lease) {
        this.ledger = ledger;
        this.runner = runner;
        this.routes = routes;
        this.json = json;
        this.concurrency = concurrency;
        this.pollInterval = pollInterval;
        this.lease = lease;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofVirtual().name("rung-worker-" + i).start(this::work));
        }
    }

    @Override
    public void stop() {
        running = false;
        workers.forEach(Thread::interrupt);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                List<QueuedTask> taken = ledger.claim(1, Instant.now().plus(lease));
                if (taken.isEmpty()) {
                    Thread.sleep(pollInterval);
                }
                taken.forEach(this::process);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.error("A worker failed to take or run a queued task; it goes on", e);
            }
        }
    }

    private void process(QueuedTask queued) {
        TaskType type = TaskType.fromSlug(queued.type()).orElseThrow();
        TaskRequest request = json.treeToValue(queued.request(), type.requestType());
        runner.run(queued.id(), type, request,
                routes.stored(queued.tier(), queued.policy(), queued.experimentId(), queued.arm()), System.nanoTime());
    }
}
