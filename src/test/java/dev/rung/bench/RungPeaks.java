package dev.rung.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rung's largest heap in use and number of live platform threads while watched, polled as a metrics
 * scraper would.
 */
final class RungPeaks {

    private final AtomicLong heapBytes = new AtomicLong();
    private final AtomicLong threads = new AtomicLong();

    /** Polls every {@code everyMillis} until interrupted. */
    Void watch(BenchProcesses processes, long everyMillis) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                heapBytes.accumulateAndGet(
                        (long) processes.rungMetric("jvm_memory_used_bytes{area=\"heap\""),
                        Math::max);
                threads.accumulateAndGet(
                        (long) processes.rungMetric("jvm_threads_live_threads"), Math::max);
            } catch (InterruptedException e) {
                return null;
            } catch (Exception e) {
                // the next poll will tell
            }
            Thread.sleep(everyMillis);
        }
        return null;
    }

    double heapMb() {
        return heapBytes.get() / 1e6;
    }

    long threads() {
        return threads.get();
    }
}
