package dev.rung.simulator.internal;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's Batch API as the simulated provider serves it: create, retrieve, cancel. */
@RestController
@Hidden
@RequestMapping(dev.rung.simulator.SimulatorServer.PATH_PREFIX)
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class BatchesSimulator {

    private final SimulatedBatches batches;
    private final SimulatedFiles files;

    BatchesSimulator(SimulatedBatches batches, SimulatedFiles files) {
        this.batches = batches;
        this.files = files;
    }

    @PostMapping(
            path = "/v1/batches",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@RequestBody JsonNode request) {
        String fileId = request.path("input_file_id").asString("");
        if (!SimulatedBatches.ENDPOINT.equals(request.path("endpoint").asString(""))) {
            return WireResponses.badRequest(
                    new HttpHeaders(),
                    "Invalid value for 'endpoint': this simulator runs /v1/chat/completions"
                            + " batches.",
                    "endpoint");
        }
        if (!"24h".equals(request.path("completion_window").asString(""))) {
            return WireResponses.badRequest(
                    new HttpHeaders(),
                    "Invalid value for 'completion_window': only 24h is supported.",
                    "completion_window");
        }
        var file = files.find(fileId);
        if (file.isEmpty()) {
            return FilesSimulator.notFound(fileId);
        }
        if (!file.get().purpose().equals("batch")) {
            return WireResponses.badRequest(
                    new HttpHeaders(),
                    "The input file must be uploaded with purpose 'batch'.",
                    "input_file_id");
        }
        JsonNode metadata = request.path("metadata");
        return ResponseEntity.ok(
                batches.create(
                        fileId,
                        metadata.isObject()
                                ? (ObjectNode) metadata
                                : JsonNodeFactory.instance.objectNode()));
    }

    @GetMapping(path = "/v1/batches/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> retrieve(@PathVariable String id) {
        return batches.snapshot(id)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id));
    }

    @PostMapping(path = "/v1/batches/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> cancel(@PathVariable String id) {
        return batches.cancel(id)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id));
    }

    private static ResponseEntity<?> notFound(String id) {
        return WireResponses.error(
                HttpStatus.NOT_FOUND,
                new HttpHeaders(),
                "No batch found with id '" + id + "'.",
                "invalid_request_error",
                null);
    }
}
