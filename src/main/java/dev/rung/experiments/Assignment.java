package dev.rung.experiments;

import java.util.UUID;

/**
 * A task's place in a running experiment: which arm its subject is in and which policy that arm
 * runs.
 */
public record Assignment(UUID experimentId, String arm, String policy) {}
