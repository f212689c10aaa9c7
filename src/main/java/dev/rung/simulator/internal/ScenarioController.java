package dev.rung.simulator.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Changes the simulator at runtime, e.g. to make nano worse during a demo. */
@RestController
@RequestMapping(path = "/v1/admin/simulator", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnBooleanProperty("rung.simulator.enabled")
@Tag(
        name = "Simulator",
        description =
                "The built-in model simulator; these endpoints exist only while it is active "
                        + "(no OPENAI_API_KEY)")
class ScenarioController {

    private final ScenarioHolder holder;
    private final SimulatorStats stats;

    ScenarioController(ScenarioHolder holder, SimulatorStats stats) {
        this.holder = holder;
        this.stats = stats;
    }

    @GetMapping("/stats")
    @Operation(summary = "Requests served and 429s answered since the simulator started")
    SimulatorStats.Snapshot stats() {
        return stats.snapshot();
    }

    @GetMapping("/scenario")
    @Operation(summary = "The simulator's current scenario")
    Scenario current() {
        return holder.get();
    }

    @PutMapping("/scenario")
    @Operation(summary = "Replace the whole scenario")
    Scenario replace(@RequestBody Scenario scenario) {
        holder.set(scenario);
        return scenario;
    }

    @PutMapping("/scenario/faults/{model}/{taskType}")
    @Operation(
            summary =
                    "Set the fault rates of one model for one task type ('default' for all task"
                            + " types)")
    Scenario setFaults(
            @PathVariable String model,
            @PathVariable String taskType,
            @RequestBody FaultRates rates) {
        Scenario changed = holder.get().withFaults(model, taskType, rates);
        holder.set(changed);
        return changed;
    }

    /** Which inputs are hard, and each model's fault rates on them. */
    record HardInputSettings(HardInputs rule, java.util.Map<String, FaultRates> faults) {}

    @PutMapping("/scenario/hard-inputs")
    @Operation(
            summary =
                    "Make some inputs harder for some models: the rule that calls an input hard"
                            + " (long, not English, a large company) and each model's fault rates"
                            + " on such inputs")
    Scenario setHardInputs(@RequestBody HardInputSettings settings) {
        Scenario changed = holder.get().withHardInputs(settings.rule(), settings.faults());
        holder.set(changed);
        return changed;
    }

    @PutMapping("/scenario/flex")
    @Operation(
            summary =
                    "How flex calls behave: their slowdown against the standard tier and the share"
                            + " answered 429 for want of capacity")
    Scenario setFlex(@RequestBody FlexBehaviour flex) {
        Scenario changed = holder.get().withFlex(flex);
        holder.set(changed);
        return changed;
    }

    @PutMapping("/scenario/batches")
    @Operation(
            summary =
                    "How batches behave: how long a batch stays in progress before it runs, and"
                            + " after how many requests it expires")
    Scenario setBatches(@RequestBody BatchBehaviour batches) {
        Scenario changed = holder.get().withBatches(batches);
        holder.set(changed);
        return changed;
    }

    @DeleteMapping("/scenario")
    @Operation(summary = "Go back to the configured scenario")
    Scenario reset() {
        holder.reset();
        return holder.get();
    }
}
