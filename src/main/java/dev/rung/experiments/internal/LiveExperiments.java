package dev.rung.experiments.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.rung.experiments.Assignment;
import dev.rung.experiments.ExperimentAssigner;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Assigns tasks to the live experiment of their type. Live experiments are cached and reloaded a second after
 * each load, so every replica under traffic sees a pause within about a second without a query per task; the
 * replica that changes a state drops its cache at once. A reload runs on the one request that finds the entry due
 * while every other request keeps the loaded value: an expiring entry would make all requests of that moment
 * queue behind one query (seen as thousands of requests waiting at once in a burst).
 */
@Component
class LiveExperiments implements ExperimentAssigner {

    private static final Logger log = LoggerFactory.getLogger(LiveExperiments.class);
    private static final String ALL = "all";

    private final ExperimentRepository experiments;
    private final TaskCatalog catalog;
    private final LoadingCache<String, Map<String, Experiment>> liveByType;

    LiveExperiments(ExperimentRepository experiments, TaskCatalog catalog) {
        this.experiments = experiments;
        this.catalog = catalog;
        this.liveByType = Caffeine.newBuilder().refreshAfterWrite(Duration.ofSeconds(1))
                .expireAfterWrite(Duration.ofSeconds(10)).executor(Runnable::run)
                .build(key -> experiments.live().stream().collect(Collectors.toMap(Experiment::taskType, e -> e)));
    }

    @Override
    public Optional<Assignment> assign(TaskType type, String subjectId) {
        Experiment experiment = liveByType.get(ALL).get(type.slug());
        if (experiment == null || !"running".equals(experiment.status())) {
            return Optional.empty();
        }
        String currentPrompt = catalog.definition(type).prompt().sha256();
        if (!currentPrompt.equals(experiment.promptSha256())) {
            pauseForChangedPrompt(experiment, currentPrompt);
            return Optional.empty();
        }
        String proposed = ArmHash.arm(experiment.seed(), subjectId, experiment.treatmentShare().doubleValue());
        String arm = experiments.stickyArm(experiment.id(), subjectId, proposed);
        return Optional.of(new Assignment(experiment.id(), arm, experiment.policyOf(arm)));
    }

    @Override
    public Optional<String> pausedControlPolicy(TaskType type) {
        Experiment experiment = liveByType.get(ALL).get(type.slug());
        return experiment != null && "paused".equals(experiment.status())
                ? Optional.of(experiment.controlPolicy()) : Optional.empty();
    }

    void refresh() {
        liveByType.invalidateAll();
    }

    /** Both arms must be asked the same way: a new prompt means a new experiment, so this one stops serving. */
    private void pauseForChangedPrompt(Experiment experiment, String currentPrompt) {
        if (experiments.transition(experiment.id(), List.of("running"), "paused", null, null)) {
            experiments.recordEvent(experiment.id(), "paused", "rung",
                    "The prompt changed since the experiment started; start a new experiment to compare with it.",
                    Map.of("pinnedPromptSha256", experiment.promptSha256(), "currentPromptSha256", currentPrompt));
            log.warn("Experiment {} paused: the {} prompt changed since it started", experiment.id(), experiment.taskType());
        }
        refresh();
    }
}
