package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;

import java.util.Map;
import java.util.UUID;

/**
 * Where a readout's sums come from: the rollups ({@link ReadoutRollups}) or the task rows ({@link
 * ReadoutQueries}).
 */
interface ReadoutSource {

    /** Per arm (and per day when {@code daily}); the key is "arm" or "arm|yyyy-mm-dd". */
    Map<String, ArmAggregate> aggregates(
            UUID experimentId, boolean daily, String timeZone, boolean excludeCacheHits);

    /**
     * The latency order statistics at two fractions of one arm's whole experiment (for the p95
     * interval).
     */
    double[] latencyBounds(
            UUID experimentId, String arm, double[] fractions, boolean excludeCacheHits);
}
