package dev.rung.simulator.internal;

import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulator served since it started: requests, and how many it answered 429. */
@Component
class SimulatorStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    record Snapshot(long requests, long rateLimited) {}

    void served() {
        requests.incrementAndGet();
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    Snapshot snapshot() {
        return new Snapshot(requests.get(), rateLimited.get());
    }
}
