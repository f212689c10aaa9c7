package dev.rung.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rung's largest heap in use and number of live platform threads while watched, polled as a metrics
 * scraper would: one scrape of {@code /actuator/prometheus} a poll.
 */
final class RungPeaks {

    /**
     * Prometheus's usual scrape interval. A scrape writes every meter's text (the latency
     * histograms' buckets for each model, task type, tier and arm), so scraping much more often
     * than a real Prometheus would charge its cost to the tasks being measured.
     */
    static final long SCRAPE_INTERVAL_MILLIS = 15_000;

    private final AtomicLong heapBytes = new AtomicLong();
    private final AtomicLong threads = new AtomicLong();

    /** Polls every {@code everyMillis} until interrupted. */
    Void watch(BenchProcesses processes, long everyMillis) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                var sums =
                        processes.rungMetrics(
                                "jvm_memory_used_bytes{area=\"heap\"", "jvm_threads_live_threads");
                heapBytes.accumulateAndGet(sums.get(0).longValue(), Math::max);
                threads.accumulateAndGet(sums.get(1).longValue(), Math::max);
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
