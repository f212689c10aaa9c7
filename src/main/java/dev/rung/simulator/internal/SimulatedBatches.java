package dev.rung.simulator.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * OpenAI's Batch API run by the simulated provider: a batch validates its input file, runs each
 * request through the simulated Chat Completions endpoint (with its faults), writes the output and
 * error files, and ends completed, expired (the scenario's {@code batches.expireAfter}), failed (an
 * input it cannot read) or cancelled. Batch objects follow the API's shape.
 */
@Component
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class SimulatedBatches {

    static final String ENDPOINT = "/v1/chat/completions";

    private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final SimulatedFiles files;
    private final ChatCompletionsSimulator chat;
    private final ScenarioHolder scenarios;
    private final JsonMapper json;

    SimulatedBatches(
            SimulatedFiles files,
            ChatCompletionsSimulator chat,
            ScenarioHolder scenarios,
            JsonMapper json) {
        this.files = files;
        this.chat = chat;
        this.scenarios = scenarios;
        this.json = json;
    }

    /** A new batch, validating, run in the background. */
    ObjectNode create(String inputFileId, ObjectNode metadata) {
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        String id = "batch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        batch.put("id", id);
        batch.put("object", "batch");
        batch.put("endpoint", ENDPOINT);
        batch.putNull("errors");
        batch.put("input_file_id", inputFileId);
        batch.put("completion_window", "24h");
        batch.put("status", "validating");
        batch.putNull("output_file_id");
        batch.putNull("error_file_id");
        batch.put("created_at", Instant.now().getEpochSecond());
        for (String at :
                List.of(
                        "in_progress_at",
                        "expires_at",
                        "finalizing_at",
                        "completed_at",
                        "failed_at",
                        "expired_at",
                        "cancelling_at",
                        "cancelled_at")) {
            batch.putNull(at);
        }
        ObjectNode counts = batch.putObject("request_counts");
        counts.put("total", 0).put("completed", 0).put("failed", 0);
        batch.set("metadata", metadata);
        batches.put(id, batch);
        runs.submit(() -> run(batch));
        return snapshot(id).orElseThrow();
    }

    Optional<ObjectNode> snapshot(String id) {
        ObjectNode batch = batches.get(id);
        if (batch == null) {
            return Optional.empty();
        }
        synchronized (batch) {
            return Optional.of(batch.deepCopy());
        }
    }

    /** Asks a running batch to stop; it ends cancelled with what it finished. */
    Optional<ObjectNode> cancel(String id) {
        ObjectNode batch = batches.get(id);
        if (batch == null) {
            return Optional.empty();
        }
        synchronized (batch) {
            String status = batch.path("status").asString();
            if (status.equals("validating") || status.equals("in_progress")) {
                batch.put("status", "cancelling");
                batch.put("cancelling_at", Instant.now().getEpochSecond());
            }
        }
        return snapshot(id);
    }

    private void run(ObjectNode batch) {
        List<JsonNode> requests = new ArrayList<>();
        String input =
                files.find(batch.path("input_file_id").asString())
                        .map(file -> new String(file.content(), StandardCharsets.UTF_8))
                        .orElse("");
        String[] lines = input.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode request = parsed(lines[i]);
            String problem = problem(request);
            if (problem != null) {
                fail(batch, problem, i + 1);
                return;
            }
            requests.add(request);
        }
        Integer expireAfter = scenarios.get().batches().expireAfter();
        synchronized (batch) {
            if (batch.path("status").asString().equals("cancelling")) {
                end(batch, "cancelled", List.of(), List.of());
                return;
            }
            batch.put("status", "in_progress");
            batch.put("in_progress_at", Instant.now().getEpochSecond());
            batch.put("expires_at", Instant.now().plus(Duration.ofHours(24)).getEpochSecond());
            ((ObjectNode) batch.path("request_counts")).put("total", requests.size());
        }
        if (!waitYourTurn(batch)) {
            end(batch, "cancelled", List.of(), List.of());
            return;
        }
        List<String> output = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode request = requests.get(i);
            synchronized (batch) {
                if (batch.path("status").asString().equals("cancelling")) {
                    end(batch, "cancelled", output, errors);
                    return;
                }
            }
            if (expireAfter != null && i >= expireAfter) {
                errors.add(expired(request));
                continue;
            }
            ResponseEntity<?> answer = answer(request.path("body"));
            boolean ok = answer.getStatusCode().is2xxSuccessful();
            (ok ? output : errors).add(line(request, answer));
            synchronized (batch) {
                ObjectNode counts = (ObjectNode) batch.path("request_counts");
                counts.put(
                        ok ? "completed" : "failed",
                        counts.path(ok ? "completed" : "failed").asInt() + 1);
            }
        }
        end(
                batch,
                expireAfter != null && expireAfter < requests.size() ? "expired" : "completed",
                output,
                errors);
    }

    /**
     * Stays in progress for the scenario's {@code inProgressFor}, as a real batch waits its turn;
     * false when it was cancelled meanwhile.
     */
    private boolean waitYourTurn(ObjectNode batch) {
        Instant until = Instant.now().plus(scenarios.get().batches().inProgressFor());
        while (true) {
            synchronized (batch) {
                if (batch.path("status").asString().equals("cancelling")) {
                    return false;
                }
            }
            if (!Instant.now().isBefore(until)) {
                return true;
            }
            try {
                Thread.sleep(Duration.ofMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private ResponseEntity<?> answer(JsonNode body) {
        try {
            return chat.batched(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WireResponses.serverError(new org.springframework.http.HttpHeaders());
        }
    }

    /** Why an input line cannot be run, or null. */
    private static String problem(JsonNode request) {
        if (request == null || !request.isObject()) {
            return "This line is not parseable as valid JSON.";
        }
        if (!request.path("custom_id").isString()) {
            return "Missing custom_id.";
        }
        if (!ENDPOINT.equals(request.path("url").asString(""))) {
            return "The URL provided for this request does not match the batch endpoint.";
        }
        return request.path("body").isObject() ? null : "Missing body.";
    }

    private JsonNode parsed(String line) {
        try {
            return json.readTree(line);
        } catch (JacksonException e) {
            return null;
        }
    }

    private void fail(ObjectNode batch, String message, int line) {
        synchronized (batch) {
            ObjectNode errors = batch.putObject("errors");
            errors.put("object", "list");
            ObjectNode error = errors.putArray("data").addObject();
            error.put("code", "invalid_request");
            error.put("message", message);
            error.putNull("param");
            error.put("line", line);
            batch.put("status", "failed");
            batch.put("failed_at", Instant.now().getEpochSecond());
        }
    }

    private String line(JsonNode request, ResponseEntity<?> answer) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", "batch_req_" + UUID.randomUUID().toString().replace("-", ""));
        line.put("custom_id", request.path("custom_id").asString());
        ObjectNode response = line.putObject("response");
        response.put("status_code", answer.getStatusCode().value());
        response.put(
                "request_id",
                Optional.ofNullable(answer.getHeaders().getFirst("x-request-id"))
                        .orElse("req_" + UUID.randomUUID().toString().replace("-", "")));
        response.set("body", json.valueToTree(answer.getBody()));
        line.putNull("error");
        return line.toString();
    }

    private static String expired(JsonNode request) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", "batch_req_" + UUID.randomUUID().toString().replace("-", ""));
        line.put("custom_id", request.path("custom_id").asString());
        line.putNull("response");
        ObjectNode error = line.putObject("error");
        error.put("code", "batch_expired");
        error.put(
                "message",
                "This request could not be executed before the completion window expired.");
        return line.toString();
    }

    private void end(ObjectNode batch, String status, List<String> output, List<String> errors) {
        synchronized (batch) {
            long now = Instant.now().getEpochSecond();
            if (!status.equals("cancelled")) {
                batch.put("finalizing_at", now);
            }
            if (!output.isEmpty()) {
                batch.put("output_file_id", write(batch, "output", output));
            }
            if (!errors.isEmpty()) {
                batch.put("error_file_id", write(batch, "error", errors));
            }
            batch.put("status", status);
            batch.put(
                    switch (status) {
                        case "expired" -> "expired_at";
                        case "cancelled" -> "cancelled_at";
                        default -> "completed_at";
                    },
                    now);
        }
    }

    private String write(ObjectNode batch, String kind, List<String> lines) {
        return files.store(
                        batch.path("id").asString() + "_" + kind + ".jsonl",
                        "batch_output",
                        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))
                .id();
    }
}
