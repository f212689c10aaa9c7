package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's current settings, replaced as a whole through the admin endpoint. Fault rates are
 * looked up by model, then task type, falling back to the model's {@code default} entry; on an
 * input {@link HardInputs} calls hard, a model's {@code hardInputFaults} apply instead.
 */
public record Scenario(
        long seed,
        double latencyScale,
        Duration hang,
        Map<String, SimulatorProperties.ModelProfile> models,
        Map<String, Map<String, FaultRates>> faults,
        ConfidenceCurve confidence,
        /* Null: no input is harder than another. */
        HardInputs hardInputs,
        /* By model: its rates on hard inputs, for every task type. */
        Map<String, FaultRates> hardInputFaults,
        FlexBehaviour flex,
        BatchBehaviour batches) {

    static final String ANY_TASK = "default";

    static Scenario from(SimulatorProperties properties) {
        return new Scenario(
                properties.seed(),
                properties.latencyScale(),
                properties.hang(),
                properties.models() == null ? Map.of() : properties.models(),
                properties.faults() == null ? Map.of() : properties.faults(),
                properties.confidence() == null ? ConfidenceCurve.DEFAULT : properties.confidence(),
                properties.hardInputs(),
                properties.hardInputFaults(),
                properties.flex(),
                BatchBehaviour.DEFAULT);
    }

    /** A scenario replaced through the API without a confidence curve keeps the default one. */
    public Scenario {
        confidence = confidence == null ? ConfidenceCurve.DEFAULT : confidence;
        hardInputFaults = hardInputFaults == null ? Map.of() : Map.copyOf(hardInputFaults);
        flex = flex == null ? FlexBehaviour.DEFAULT : flex;
        batches = batches == null ? BatchBehaviour.DEFAULT : batches;
    }

    FaultRates faults(String model, String taskType) {
        Map<String, FaultRates> byTask = faults.getOrDefault(model, Map.of());
        return byTask.getOrDefault(taskType, byTask.getOrDefault(ANY_TASK, FaultRates.NONE));
    }

    /**
     * The rates for this call: the model's hard-input rates when it has some and the input is hard,
     * its usual ones otherwise. {@code input} is read only when needed.
     */
    FaultRates faults(String model, String taskType, java.util.function.Supplier<JsonNode> input) {
        FaultRates hard = hardInputFaults.get(model);
        if (hard != null && hardInputs != null && hardInputs.hard(input.get())) {
            return hard;
        }
        return faults(model, taskType);
    }

    SimulatorProperties.ModelProfile profile(String model) {
        return models.getOrDefault(
                model, new SimulatorProperties.ModelProfile(model, 150, Duration.ofMillis(400)));
    }

    /** This scenario with other hard inputs and hard-input rates. */
    Scenario withHardInputs(HardInputs rule, Map<String, FaultRates> rates) {
        return new Scenario(
                seed, latencyScale, hang, models, faults, confidence, rule, rates, flex, batches);
    }

    /** This scenario with flex calls behaving otherwise. */
    Scenario withFlex(FlexBehaviour behaviour) {
        return new Scenario(
                seed,
                latencyScale,
                hang,
                models,
                faults,
                confidence,
                hardInputs,
                hardInputFaults,
                behaviour,
                batches);
    }

    /** This scenario with batches treated otherwise. */
    Scenario withBatches(BatchBehaviour behaviour) {
        return new Scenario(
                seed,
                latencyScale,
                hang,
                models,
                faults,
                confidence,
                hardInputs,
                hardInputFaults,
                flex,
                behaviour);
    }

    /** This scenario with one model's rates for one task type (or {@code default}) replaced. */
    Scenario withFaults(String model, String taskType, FaultRates rates) {
        Map<String, Map<String, FaultRates>> copy = new HashMap<>();
        faults.forEach((name, byTask) -> copy.put(name, new HashMap<>(byTask)));
        copy.computeIfAbsent(model, name -> new HashMap<>()).put(taskType, rates);
        return new Scenario(
                seed,
                latencyScale,
                hang,
                models,
                copy,
                confidence,
                hardInputs,
                hardInputFaults,
                flex,
                batches);
    }
}
