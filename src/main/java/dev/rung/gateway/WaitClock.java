package dev.rung.gateway;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a request spent waiting on something other than this machine: model calls (with the wait
 * for rate-limit capacity before them) and the backoff before a retry. What is left of the
 * request's time is Rung's own work and its queueing for CPU, which is what an adaptive concurrency
 * limit should watch; a slow provider must not look like an overloaded Rung.
 */
public final class WaitClock {

    private static final ScopedValue<WaitClock> CURRENT = ScopedValue.newInstance();

    private final AtomicLong waitedNanos = new AtomicLong();

    /** Runs {@code work} with this clock in scope for the calls it makes. */
    public <T, X extends Throwable> T around(ScopedValue.CallableOp<T, X> work) throws X {
        return ScopedValue.where(CURRENT, this).call(work);
    }

    /** The clock of the request running on this thread, if one is in scope. */
    public static Optional<WaitClock> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** Adds a wait to the clock in scope, if any. */
    public static void waited(long nanos) {
        if (CURRENT.isBound()) {
            CURRENT.get().waitedNanos.addAndGet(nanos);
        }
    }

    public long waitedNanos() {
        return waitedNanos.get();
    }
}
