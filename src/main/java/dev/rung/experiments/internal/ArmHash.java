package dev.rung.experiments.internal;

import java.util.List;

/**
 * GrowthBook's hash v2: FNV-1a 32-bit of (seed + subject), then FNV-1a again of that number's
 * decimal text, mod 10,000. Deterministic across processes and replicas; the second round spreads
 * seeds that differ little.
 */
final class ArmHash {

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private ArmHash() {}

    /** A number in [0, 1) for the subject in this experiment. */
    static double bucket(String seed, String subjectId) {
        long first = fnv1a32(seed + subjectId);
        return (fnv1a32(Long.toString(first)) % 10_000) / 10_000.0;
    }

    /**
     * GrowthBook's variation ranges: each arm takes the next stretch of [0, 1) as wide as its
     * share, control first (with two arms: control [0, 1 − share), treatment [1 − share, 1)). A
     * paused arm keeps its stretch, so pausing one arm moves no subject into another.
     */
    static String arm(String seed, String subjectId, List<ExperimentArm> arms) {
        double bucket = bucket(seed, subjectId);
        double end = 0;
        for (ExperimentArm arm : arms) {
            end += arm.share().doubleValue();
            if (bucket < end) {
                return arm.name();
            }
        }
        return arms.getLast().name();
    }

    static long fnv1a32(String text) {
        int hash = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= FNV_PRIME;
        }
        return Integer.toUnsignedLong(hash);
    }
}
