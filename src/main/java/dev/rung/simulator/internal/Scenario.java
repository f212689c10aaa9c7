package dev.rung.simulator.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's current settings, replaced as a whole through the admin endpoint. Fault rates are
 * looked up by model, then task type, falling back to the model's {@code default} entry.
 */
public record Scenario(
        long seed,
        double latencyScale,
        Duration hang,
        Map<String, SimulatorProperties.ModelProfile> models,
        Map<String, Map<String, FaultRates>> faults,
        ConfidenceCurve confidence) {

    static final String ANY_TASK = "default";

    static Scenario from(SimulatorProperties properties) {
        return new Scenario(
                properties.seed(),
                properties.latencyScale(),
                properties.hang(),
                properties.models() == null ? Map.of() : properties.models(),
                properties.faults() == null ? Map.of() : properties.faults(),
                properties.confidence() == null
                        ? ConfidenceCurve.DEFAULT
                        : properties.confidence());
    }

    /** A scenario replaced through the API without a confidence curve keeps the default one. */
    public Scenario {
        confidence = confidence == null ? ConfidenceCurve.DEFAULT : confidence;
    }

    FaultRates faults(String model, String taskType) {
        Map<String, FaultRates> byTask = faults.getOrDefault(model, Map.of());
        return byTask.getOrDefault(taskType, byTask.getOrDefault(ANY_TASK, FaultRates.NONE));
    }

    SimulatorProperties.ModelProfile profile(String model) {
        return models.getOrDefault(
                model, new SimulatorProperties.ModelProfile(model, 150, Duration.ofMillis(400)));
    }

    /** This scenario with one model's rates for one task type (or {@code default}) replaced. */
    Scenario withFaults(String model, String taskType, FaultRates rates) {
        Map<String, Map<String, FaultRates>> copy = new HashMap<>();
        faults.forEach((name, byTask) -> copy.put(name, new HashMap<>(byTask)));
        copy.computeIfAbsent(model, name -> new HashMap<>()).put(taskType, rates);
        return new Scenario(seed, latencyScale, hang, models, copy, confidence);
    }
}
