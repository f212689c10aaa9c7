package dev.rung.simulator.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicReference;

/** The scenario in force; swapped atomically so a call sees either the old or the new one whole. */
@Component
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class ScenarioHolder {

    private final AtomicReference<Scenario> current;
    private final Scenario initial;

    ScenarioHolder(SimulatorProperties properties) {
        this.initial = Scenario.from(properties);
        this.current = new AtomicReference<>(initial);
    }

    Scenario get() {
        return current.get();
    }

    void set(Scenario scenario) {
        current.set(scenario);
    }

    void reset() {
        current.set(initial);
    }
}
