package dev.rung.experiments.internal;

import dev.rung.experiments.GroundTruthStore;
import dev.rung.ledger.TaskFinished;
import dev.rung.ledger.TaskStatus;
import dev.rung.routing.TaskRouter;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Stands in for the reviewers while the simulator answers: every simulated task that finished gets
 * the simulator's true answer as its ground truth (reviewer and source {@code simulator}), so
 * reviewed accuracy and the check-quality report have a truth to measure against before any person
 * reviews. The simulator computes the truth from the call Rung would send (its user message and
 * output schema), on the provider's base URL. Tasks wait in memory: a restart forgets the few
 * seconds' worth not yet reviewed, which costs a simulation some sample and nothing else.
 */
@Component
class SimulatedReviewer {

    private static final Logger log = LoggerFactory.getLogger(SimulatedReviewer.class);

    private record Call(String taskType, String userMessage, JsonNode outputSchema) {}

    private record Calls(List<Call> items) {}

    private record Truth(ObjectNode correct) {}

    private record Truths(List<Truth> items) {}

    private record Finished(UUID taskId, String type, int version, ObjectNode input) {}

    private final ExperimentProperties.SimulatedReviews settings;
    private final boolean simulated;
    private final BlockingQueue<UUID> waiting;
    private final JdbcClient jdbc;
    private final TaskCatalog catalog;
    private final GroundTruthStore truths;
    private final JsonMapper json;
    private final URI simulator;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SimulatedReviewer(
            ExperimentProperties properties,
            TaskRouter router,
            JdbcClient jdbc,
            TaskCatalog catalog,
            GroundTruthStore truths,
            JsonMapper json,
            Environment environment) {
        this.settings = properties.simulatedReviews();
        this.simulated = router.simulated();
        this.waiting = new ArrayBlockingQueue<>(Math.max(1, settings.backlog()));
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.truths = truths;
        this.json = json;
        this.simulator =
                URI.create(
                        environment.getProperty("spring.ai.openai.base-url", "http://127.0.0.1")
                                + "/truths");
    }

    private boolean active() {
        return settings.enabled() && simulated;
    }

    @EventListener
    void onTaskFinished(TaskFinished task) {
        if (active()
                && (task.status() == TaskStatus.SUCCEEDED || task.status() == TaskStatus.FAILED)) {
            // A full backlog drops the task: a simulation loses some sample, never a task.
            waiting.offer(task.taskId());
        }
    }

    @Scheduled(fixedDelayString = "${rung.experiments.simulated-reviews.interval:1s}")
    void reviewWaiting() {
        while (active() && !waiting.isEmpty()) {
            List<UUID> batch = new ArrayList<>();
            waiting.drainTo(batch, Math.max(1, settings.batchSize()));
            try {
                review(batch);
            } catch (IOException | IllegalStateException e) {
                log.warn(
                        "The simulator gave no truth for {} tasks ({}); they stay unreviewed",
                        batch.size(),
                        e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void review(List<UUID> taskIds) throws IOException, InterruptedException {
        List<Finished> finished = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        for (Finished task : load(taskIds)) {
            Optional<TaskDefinition> definition =
                    catalog.version(task.type(), task.version())
                            .or(() -> catalog.current(task.type()));
            if (definition.isEmpty()) {
                continue;
            }
            TaskDefinition type = definition.get();
            finished.add(task);
            calls.add(
                    new Call(
                            type.slug(),
                            type.render(new TaskRequest("review", task.input(), null)).user(),
                            type.outputSchema()));
        }
        if (calls.isEmpty()) {
            return;
        }
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(simulator)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                json.writeValueAsString(new Calls(calls))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        Truths answered = json.readValue(response.body(), Truths.class);
        Instant now = Instant.now();
        for (int i = 0; i < finished.size() && i < answered.items().size(); i++) {
            truths.record(
                    finished.get(i).taskId(),
                    answered.items().get(i).correct(),
                    "simulator",
                    GroundTruthStore.Source.SIMULATOR,
                    null,
                    now);
        }
    }

    /** The tasks' types, versions and inputs; a task whose input was erased is not reviewed. */
    private List<Finished> load(List<UUID> taskIds) {
        return jdbc.sql(
                        """
                        select id, type, coalesce(task_type_version, 0), input::text from task
                         where id in (:ids) and input_purged_at is null\
                        """)
                .param("ids", taskIds)
                .query(
                        (rs, row) ->
                                new Finished(
                                        rs.getObject(1, UUID.class),
                                        rs.getString(2),
                                        rs.getInt(3),
                                        (ObjectNode) json.readTree(rs.getString(4))))
                .list();
    }
}
