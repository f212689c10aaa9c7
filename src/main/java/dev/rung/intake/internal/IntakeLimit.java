package dev.rung.intake.internal;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How many task requests are in flight, against a limit: fixed, or adaptive (Gradient2) and fed
 * with each request's own time, its waits on other machines left out. Drives a {@link Limit}
 * directly rather than through the library's limiter, whose samples are whole round trips.
 */
final class IntakeLimit {

    private final Limit limit;
    private final LongSupplier nanoClock;
    private final AtomicInteger inFlight = new AtomicInteger();

    IntakeLimit(Limit limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    static IntakeLimit of(IntakeLimitProperties properties) {
        return new IntakeLimit(limitOf(properties), System::nanoTime);
    }

    /**
     * The limit the properties ask for: Gradient2 below the ceiling ({@code maxConcurrency}), or
     * the ceiling alone.
     */
    static Limit limitOf(IntakeLimitProperties properties) {
        IntakeLimitProperties.AdaptiveLimit adaptive = properties.adaptiveLimit();
        int ceiling = properties.maxInFlight();
        if (!adaptive.enabled()) {
            return FixedLimit.of(ceiling);
        }
        return Gradient2Limit.newBuilder()
                .initialLimit(Math.min(adaptive.initial(), ceiling))
                .minLimit(Math.min(adaptive.min(), ceiling))
                .maxConcurrency(ceiling)
                .rttTolerance(adaptive.rttTolerance())
                .build();
    }

    static IntakeLimit fixed(int ceiling) {
        return new IntakeLimit(FixedLimit.of(ceiling), System::nanoTime);
    }

    /** One request let in: when it started and how many were in flight with it. */
    record Permit(long startedNanos, int inFlight) {}

    /** A permit while fewer than the limit are in flight; empty past it. */
    Optional<Permit> tryAcquire() {
        int allowed = limit();
        while (true) {
            int now = inFlight.get();
            if (now >= allowed) {
                return Optional.empty();
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return Optional.of(new Permit(nanoClock.getAsLong(), now + 1));
            }
        }
    }

    /**
     * The request is done: its own time (what it took less {@code waitedNanos}) is the limit's
     * sample; {@code dropped} says it failed for want of capacity or time.
     */
    void release(Permit permit, long waitedNanos, boolean dropped) {
        inFlight.decrementAndGet();
        long own = Math.max(1, nanoClock.getAsLong() - permit.startedNanos() - waitedNanos);
        limit.onSample(permit.startedNanos(), own, permit.inFlight(), dropped);
    }

    int limit() {
        return limit.getLimit();
    }

    int inFlight() {
        return inFlight.get();
    }
}
