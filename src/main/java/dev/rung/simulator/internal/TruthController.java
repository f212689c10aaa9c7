package dev.rung.simulator.internal;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code POST /simulator/v1/truths}: the true answers of the calls a caller describes, for the
 * reviewer that stands in for people while Rung runs on the simulator. Beside the provider's own
 * paths, on the provider's base URL, because only what talks to the provider knows it; a real
 * provider has no such endpoint. The truth is computed from what the call carries, exactly as for
 * the call itself: the task type, the user message (its first delimited JSON object is the input)
 * and the output schema.
 */
@RestController
@Hidden
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class TruthController {

    /** One call to judge, as it would be sent. */
    record Call(String taskType, String userMessage, JsonNode outputSchema) {}

    record Calls(List<Call> items) {}

    record Truth(ObjectNode correct) {}

    record Truths(List<Truth> items) {}

    private final ScenarioHolder scenarios;
    private final SimulatedContent contents;

    TruthController(ScenarioHolder scenarios, SimulatedContent contents) {
        this.scenarios = scenarios;
        this.contents = contents;
    }

    @PostMapping(
            path = dev.rung.simulator.SimulatorServer.PATH_PREFIX + "/v1/truths",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Truths truths(@RequestBody Calls calls) {
        long seed = scenarios.get().seed();
        return new Truths(
                calls.items().stream()
                        .map(
                                call ->
                                        new Truth(
                                                TrueAnswers.correct(
                                                        seed,
                                                        call.taskType(),
                                                        contents.delimitedInput(call.userMessage()),
                                                        call.outputSchema())))
                        .toList());
    }
}
