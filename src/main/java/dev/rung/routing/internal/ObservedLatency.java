package dev.rung.routing.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each model has been taking to answer, on this instance: the 95th percentile of its
 * recent answered calls (the last five to ten minutes), which a caller's deadline is weighed
 * against before a rung is started. Recording is lock-free (HdrHistogram's recorder); once known,
 * the percentile is recomputed at most once a second per model, since every rung start asks for it.
 */
@Component
public class ObservedLatency {

    /** Fewer answers than this and a model's latency is not known well enough to skip it. */
    static final int MIN_SAMPLES = 20;

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final long RECOMPUTE_NANOS = Duration.ofSeconds(1).toNanos();

    private final Map<String, Window> byModel = new ConcurrentHashMap<>();

    public void record(String model, Duration latency) {
        byModel.computeIfAbsent(model, m -> new Window())
                .recorder
                .recordValue(Math.max(0, latency.toMillis()));
    }

    /** The model's recent p95 latency; empty until it has enough answers. */
    public Optional<Duration> p95(String model) {
        Window window = byModel.get(model);
        return window == null ? Optional.empty() : window.p95();
    }

    private static final class Window {
        private final Recorder recorder = new Recorder(2);
        private Histogram current = new Histogram(2);
        private Histogram previous = new Histogram(2);
        private long currentSince = System.nanoTime();
        private long computedAt = System.nanoTime() - RECOMPUTE_NANOS;
        private Optional<Duration> p95 = Optional.empty();

        synchronized Optional<Duration> p95() {
            // Until a model has enough answers each new one may be the one that makes it known.
            if (p95.isPresent() && System.nanoTime() - computedAt < RECOMPUTE_NANOS) {
                return p95;
            }
            computedAt = System.nanoTime();
            current.add(recorder.getIntervalHistogram());
            if (System.nanoTime() - currentSince > WINDOW.toNanos()) {
                previous = current;
                current = new Histogram(2);
                currentSince = System.nanoTime();
            }
            Histogram both = current.copy();
            both.add(previous);
            p95 =
                    both.getTotalCount() < MIN_SAMPLES
                            ? Optional.empty()
                            : Optional.of(Duration.ofMillis(both.getValueAtPercentile(95)));
            return p95;
        }
    }
}
