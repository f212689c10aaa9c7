package dev.rung.experiments.internal;

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

    /** Control takes [0, 1 − share), treatment [1 − share, 1): GrowthBook's variation ranges. */
    static Arm arm(String seed, String subjectId, double treatmentShare) {
        return bucket(seed, subjectId) < 1 - treatmentShare ? Arm.CONTROL : Arm.TREATMENT;
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
