package dev.rung.ledger.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp followed by randomness, so new rows land at the end of
 * the primary-key index instead of all over it, and {@code task}, partitioned by ranges of id
 * (V12), into the partition of the month the id was made in.
 */
final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    static UUID next() {
        return at(Instant.now());
    }

    /**
     * An id of that moment: a task's id is made from its creation time, so its partition is its
     * creation month.
     */
    static UUID at(Instant moment) {
        long millis = moment.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
