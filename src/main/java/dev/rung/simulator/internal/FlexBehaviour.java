package dev.rung.simulator.internal;

/**
 * How the simulated provider treats a call sent with {@code service_tier: flex}: it answers more
 * slowly, and now and then has no capacity for it (429 "Resource Unavailable", not charged).
 *
 * @param slowdown its latency, as a multiple of the standard tier's
 * @param capacityMiss the share of flex calls answered 429 for want of capacity
 */
public record FlexBehaviour(double slowdown, double capacityMiss) {

    static final FlexBehaviour DEFAULT = new FlexBehaviour(2.0, 0.05);
}
