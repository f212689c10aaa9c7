package dev.rung.gateway;

import java.util.function.Supplier;

/**
 * Lets one thread cancel a model call another thread is making (a hedged call whose twin answered
 * first). The caller's thread is interrupted only while its HTTP exchange with the provider is out,
 * which closes that connection so nothing more is generated for it, and never while it talks to the
 * database. A call cancelled before it leaves does not leave.
 */
public final class CallCancellation {

    private static final ScopedValue<CallCancellation> CURRENT = ScopedValue.newInstance();

    private Thread caller;
    private boolean cancelled;

    /** Runs {@code call} with this cancellation in scope for the gateway. */
    public <T> T around(Supplier<T> call) {
        return ScopedValue.where(CURRENT, this).call(call::get);
    }

    /**
     * The cancellation of the call being made on this thread, if one is in scope: the gateway
     * brackets each provider call with {@link #leaving()} and {@link #returned()}.
     */
    public static java.util.Optional<CallCancellation> current() {
        return CURRENT.isBound()
                ? java.util.Optional.of(CURRENT.get())
                : java.util.Optional.empty();
    }

    /** The exchange is about to leave on this thread; false when the call was cancelled first. */
    public synchronized boolean leaving() {
        if (cancelled) {
            return false;
        }
        caller = Thread.currentThread();
        return true;
    }

    /** The exchange is over; an interrupt meant for it goes no further. */
    public synchronized void returned() {
        caller = null;
        if (cancelled) {
            Thread.interrupted();
        }
    }

    public synchronized void cancel() {
        cancelled = true;
        if (caller != null) {
            caller.interrupt();
        }
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }
}
