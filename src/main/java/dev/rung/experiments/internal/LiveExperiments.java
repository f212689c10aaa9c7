package dev.rung.experiments.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import dev.rung.experiments.Assignment;
import dev.rung.experiments.ExperimentAssigner;
import dev.rung.experiments.Placement;
import dev.rung.task.TaskDefinition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Assigns tasks to the live experiment of their type. Live experiments are cached and reloaded a
 * second after each load, so every replica under traffic sees a pause within about a second without
 * a query per task; the replica that changes a state drops its cache at once. A reload runs on the
 * one request that finds the entry due while every other request keeps the loaded value: an
 * expiring entry would make all requests of that moment queue behind one query (seen as thousands
 * of requests waiting at once in a burst).
 */
@Component
class LiveExperiments implements ExperimentAssigner {

    private static final Logger log = LoggerFactory.getLogger(LiveExperiments.class);
    private static final String ALL = "all";

    private final ExperimentRepository experiments;
    private final LoadingCache<String, Map<String, Experiment>> liveByType;

    LiveExperiments(ExperimentRepository experiments) {
        this.experiments = experiments;
        this.liveByType =
                Caffeine.newBuilder()
                        .refreshAfterWrite(Duration.ofSeconds(1))
                        .expireAfterWrite(Duration.ofSeconds(10))
                        .executor(Runnable::run)
                        .build(
                                key ->
                                        experiments.live().stream()
                                                .collect(
                                                        Collectors.toMap(
                                                                Experiment::taskType, e -> e)));
    }

    @Override
    public Placement place(TaskDefinition type, String subjectId) {
        Experiment experiment = liveByType.get(ALL).get(type.slug());
        if (experiment == null) {
            return new Placement.Outside();
        }
        if (experiment.status() == ExperimentStatus.PAUSED) {
            return new Placement.ControlWhilePaused(experiment.controlPolicy());
        }
        if (!experiment.admits(type.version(), type.prompt().sha256())) {
            pauseForChangedType(experiment, type);
            return new Placement.Outside();
        }
        String proposed = ArmHash.arm(experiment.seed(), subjectId, experiment.arms());
        String armName = experiments.stickyArm(experiment.id(), subjectId, proposed);
        return experiment
                .arm(armName)
                .filter(ExperimentArm::serving)
                .<Placement>map(
                        arm ->
                                new Placement.InArm(
                                        new Assignment(experiment.id(), arm.name(), arm.policy())))
                .orElseGet(() -> new Placement.ControlWhilePaused(experiment.controlPolicy()));
    }

    void refresh() {
        liveByType.invalidateAll();
    }

    /** The live experiment of a task type, when it is the one named. */
    Optional<Experiment> live(String taskType, java.util.UUID experimentId) {
        return Optional.ofNullable(liveByType.get(ALL).get(taskType))
                .filter(experiment -> experiment.id().equals(experimentId));
    }

    /**
     * Both arms must run on the same definition (the same prompt, schema and rules): a new version
     * of the task type means a new experiment, so this one stops serving.
     */
    private void pauseForChangedType(Experiment experiment, TaskDefinition current) {
        if (experiments.transition(
                experiment.id(),
                List.of(ExperimentStatus.RUNNING),
                ExperimentStatus.PAUSED,
                null)) {
            Map<String, Object> numbers = new java.util.LinkedHashMap<>();
            if (experiment.taskTypeVersion() != null) {
                numbers.put("pinnedTaskTypeVersion", experiment.taskTypeVersion());
            }
            numbers.put("currentTaskTypeVersion", current.version());
            numbers.put("pinnedPromptSha256", experiment.promptSha256());
            numbers.put("currentPromptSha256", current.prompt().sha256());
            experiments.recordEvent(
                    experiment.id(),
                    "paused",
                    "rung",
                    "The task type changed since the experiment "
                            + "started; start a new experiment to compare on its new version.",
                    numbers);
            log.warn(
                    "Experiment {} paused: {} changed to version {} since it started",
                    experiment.id(),
                    experiment.taskType(),
                    current.version());
        }
        refresh();
    }
}
