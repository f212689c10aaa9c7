package dev.rung.delivery.internal;

import dev.rung.web.DatabaseOutage;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Workers that send due deliveries: one poller claims as many as there are free workers ({@code FOR
 * UPDATE SKIP LOCKED}, so replicas never send the same one), each leased so that one whose worker
 * died is taken over. A failed attempt that may work later is tried again after an exponential
 * backoff with jitter, or after the receiver's Retry-After when it asks for longer, until the
 * delivery is {@code rung.deliveries.max-age} old; then it is dead.
 */
@Component
@ConditionalOnBooleanProperty(
        name = "rung.migrate-and-exit",
        havingValue = false,
        matchIfMissing = true)
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

    private final DeliveryStore store;
    private final DeliverySender sender;
    private final DeliveryProperties properties;
    private final MeterRegistry meters;
    private final IntervalFunction backoff;
    private final Semaphore freeWorkers;
    private volatile boolean running;
    private Thread poller;
    private ExecutorService workers;

    DeliveryWorkers(
            DeliveryStore store,
            DeliverySender sender,
            DeliveryProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.sender = sender;
        this.properties = properties;
        this.meters = meters;
        this.backoff =
                IntervalFunction.ofExponentialRandomBackoff(
                        properties.backoff(), 2.0, 0.2, properties.maxBackoff());
        this.freeWorkers = new Semaphore(properties.concurrency());
    }

    @Override
    public synchronized void start() {
        running = true;
        workers = Executors.newVirtualThreadPerTaskExecutor();
        poller = Thread.ofVirtual().name("rung-delivery-poller").start(this::poll);
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
                List<DeliveryStore.Due> taken = List.of();
                try {
                    taken = store.claim(free, Instant.now().plus(properties.lease()));
                } finally {
                    freeWorkers.release(free - taken.size());
                }
                taken.forEach(due -> workers.submit(() -> deliver(due)));
                if (taken.isEmpty()) {
                    Thread.sleep(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (DatabaseOutage.causedBy(e)) {
                    log.warn(
                            "Taking due deliveries failed: the database cannot be reached ({});"
                                    + " trying again",
                            DatabaseOutage.describe(e));
                } else {
                    log.error("Taking due deliveries failed; trying again", e);
                }
                try {
                    Thread.sleep(properties.pollInterval());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void deliver(DeliveryStore.Due due) {
        try {
            long started = System.nanoTime();
            SendResult result = sender.send(due);
            long latencyMs = (System.nanoTime() - started) / 1_000_000;
            Instant now = Instant.now();
            String outcome =
                    switch (result) {
                        case SendResult.Delivered delivered -> {
                            store.delivered(
                                    due,
                                    new DeliveryStore.Attempt(
                                            due.attempt(),
                                            now,
                                            delivered.httpStatus(),
                                            null,
                                            latencyMs),
                                    delivered.written());
                            yield "delivered";
                        }
                        case SendResult.Skipped skipped -> {
                            store.skipped(
                                    due,
                                    new DeliveryStore.Attempt(
                                            due.attempt(), now, null, skipped.why(), latencyMs));
                            yield "skipped";
                        }
                        case SendResult.Permanent permanent -> {
                            store.dead(
                                    due,
                                    new DeliveryStore.Attempt(
                                            due.attempt(),
                                            now,
                                            permanent.httpStatus(),
                                            permanent.error(),
                                            latencyMs));
                            log.warn(
                                    "Delivery {} ({} of task {}) is dead: {} {}",
                                    due.id(),
                                    kind(due),
                                    due.taskId(),
                                    permanent.httpStatus() == null
                                            ? ""
                                            : "HTTP " + permanent.httpStatus(),
                                    permanent.error());
                            yield "dead";
                        }
                        case SendResult.Transient failed -> retry(due, failed, now, latencyMs);
                    };
            meters.counter("rung.deliveries", "kind", kind(due), "outcome", outcome).increment();
        } catch (RuntimeException e) {
            log.error(
                    "Delivery {} could not be sent; its lease runs out and it is taken again",
                    due.id(),
                    e);
        } finally {
            freeWorkers.release();
        }
    }

    private String retry(
            DeliveryStore.Due due, SendResult.Transient failed, Instant now, long latencyMs) {
        var attempt =
                new DeliveryStore.Attempt(
                        due.attempt(), now, failed.httpStatus(), failed.error(), latencyMs);
        Duration backedOff = Duration.ofMillis(backoff.apply(due.attempt()));
        Duration wait =
                failed.retryAfter()
                        .filter(asked -> asked.compareTo(backedOff) > 0)
                        .orElse(backedOff);
        Instant next = now.plus(wait);
        if (next.isAfter(due.expiresAt())) {
            store.dead(
                    due,
                    new DeliveryStore.Attempt(
                            attempt.seq(),
                            now,
                            failed.httpStatus(),
                            "gave up after " + due.attempt() + " attempt(s): " + failed.error(),
                            latencyMs));
            log.warn(
                    "Delivery {} ({} of task {}) is dead: still failing when it expired",
                    due.id(),
                    kind(due),
                    due.taskId());
            return "dead";
        }
        store.retryAt(due, attempt, next);
        return "retried";
    }

    private static String kind(DeliveryStore.Due due) {
        return due.kind().name().toLowerCase(Locale.ROOT);
    }
}
