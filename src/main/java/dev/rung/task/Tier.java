package dev.rung.task;

/** A: high stakes (customer-facing, pricing, compliance, fresh knowledge). B: volume work. */
public enum Tier {
    A,
    B
}
