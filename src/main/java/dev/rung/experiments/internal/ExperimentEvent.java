package dev.rung.experiments.internal;

import java.time.Instant;
import java.util.Map;

/** A state change or stop-loss decision: who, why, when, and the numbers behind it. */
record ExperimentEvent(
        String kind, String actor, String reason, Map<String, Object> numbers, Instant at) {}
