package dev.rung.experiments.internal;

import dev.rung.routing.RoutePlanner;
import dev.rung.task.Stakes;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates experiments and moves them through draft → running ⇄ paused → stopped, recording who, why
 * and when.
 */
@Component
class ExperimentLifecycle {

    private final ExperimentRepository experiments;
    private final RoutePlanner planner;
    private final TaskCatalog catalog;
    private final LiveExperiments live;
    private final ExperimentProperties properties;

    ExperimentLifecycle(
            ExperimentRepository experiments,
            RoutePlanner planner,
            TaskCatalog catalog,
            LiveExperiments live,
            ExperimentProperties properties) {
        this.experiments = experiments;
        this.planner = planner;
        this.catalog = catalog;
        this.live = live;
        this.properties = properties;
    }

    Experiment create(ExperimentRequests.Create request, String actor) {
        TaskDefinition type =
                catalog.current(request.taskType())
                        .orElseThrow(
                                () ->
                                        ProblemException.invalidField(
                                                "taskType",
                                                "is not a known task type (GET /v1/task-types)"));
        List<ExperimentArm> arms = new java.util.ArrayList<>(ExperimentArms.of(request));
        for (int i = 0; i < arms.size(); i++) {
            String field = i == 0 ? "controlPolicy" : ExperimentArms.policyField(request, i - 1);
            var policy =
                    planner.policy(arms.get(i).policy())
                            .orElseThrow(
                                    () ->
                                            ProblemException.invalidField(
                                                    field, "is not a configured routing policy"));
            if (!planner.liveReady(policy)) {
                throw ProblemException.invalidField(
                        field,
                        "is a learned router whose offline evaluation has not finished"
                                + " (GET /v1/routers/{name})");
            }
            if (planner.plan(type, Stakes.NONE).tier() == Tier.A
                    && !planner.allowedForTierA(policy)) {
                throw ProblemException.invalidField(
                        field, "uses a model not allowed for this Tier A task type");
            }
            // A learned router named without its version is pinned to the one it resolved to.
            var arm = arms.get(i);
            arms.set(i, new ExperimentArm(arm.name(), policy.name(), arm.share(), null));
        }
        String zone = request.timeZone() == null ? "UTC" : request.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ProblemException.invalidField(
                    "timeZone", "is not a time zone id such as UTC or Europe/Berlin");
        }
        UUID id = UUID.randomUUID();
        var experiment =
                new Experiment(
                        id,
                        request.name(),
                        type.slug(),
                        arms,
                        id.toString(),
                        ExperimentStatus.DRAFT,
                        null,
                        null,
                        null,
                        zone,
                        request.stopLossOrDefaults(properties.stopLoss()),
                        -1,
                        Instant.now(),
                        null,
                        null);
        experiments.insert(experiment);
        experiments.recordEvent(id, "created", actor, null, Map.of());
        return experiments.find(id).orElseThrow();
    }

    Experiment start(UUID id, String actor, String reason) {
        Experiment experiment = find(id);
        TaskDefinition type = current(experiment);
        var pin =
                new Experiment.Pin(type.prompt().version(), type.prompt().sha256(), type.version());
        try {
            move(experiment, List.of(ExperimentStatus.DRAFT), ExperimentStatus.RUNNING, pin);
        } catch (DataIntegrityViolationException e) {
            throw new ProblemException(
                    ProblemType.EXPERIMENT_ALREADY_LIVE,
                    "Stop the running or paused experiment of "
                            + experiment.taskType()
                            + " first.");
        }
        experiments.recordEvent(
                id,
                "started",
                actor,
                reason,
                Map.of(
                        "promptVersion",
                        pin.promptVersion(),
                        "promptSha256",
                        pin.promptSha256(),
                        "taskTypeVersion",
                        pin.taskTypeVersion()));
        return refreshed(id);
    }

    Experiment pause(UUID id, String actor, String reason, Map<String, Object> numbers) {
        move(find(id), List.of(ExperimentStatus.RUNNING), ExperimentStatus.PAUSED, null);
        experiments.recordEvent(id, "paused", actor, reason, numbers);
        return refreshed(id);
    }

    /**
     * Pauses one treatment of an experiment with several: its subjects are served the control
     * policy, outside the experiment, while the other arms go on. When it is the last treatment
     * serving, the whole experiment pauses instead.
     */
    Experiment pauseArm(
            Experiment experiment,
            String arm,
            String actor,
            String reason,
            Map<String, Object> numbers) {
        boolean othersServing =
                experiment.treatments().stream()
                        .anyMatch(other -> other.serving() && !other.name().equals(arm));
        if (!othersServing) {
            return pause(experiment.id(), actor, reason, numbers);
        }
        if (experiments.pauseArm(experiment.id(), arm)) {
            experiments.recordEvent(experiment.id(), "arm_paused", actor, reason, numbers);
        }
        return refreshed(experiment.id());
    }

    /** Resumes a paused experiment, or the treatments the stop-loss paused in a running one. */
    Experiment resume(UUID id, String actor, String reason) {
        Experiment experiment = find(id);
        if (experiment.status() == ExperimentStatus.RUNNING
                && experiment.treatments().stream().anyMatch(arm -> !arm.serving())) {
            experiments.resumeArms(id);
            experiments.recordEvent(id, "resumed", actor, reason, Map.of());
            return refreshed(id);
        }
        TaskDefinition type = current(experiment);
        if (!experiment.admits(type.version(), type.prompt().sha256())) {
            throw new ProblemException(
                    ProblemType.TASK_TYPE_CHANGED,
                    "Both arms must run on the same version of "
                            + experiment.taskType()
                            + " (version "
                            + experiment.taskTypeVersion()
                            + "; now "
                            + type.version()
                            + "); start a new experiment to "
                            + "compare on the new version.");
        }
        move(experiment, List.of(ExperimentStatus.PAUSED), ExperimentStatus.RUNNING, null);
        experiments.resumeArms(id);
        experiments.recordEvent(id, "resumed", actor, reason, Map.of());
        return refreshed(id);
    }

    Experiment stop(UUID id, String actor, String reason) {
        move(
                find(id),
                List.of(ExperimentStatus.DRAFT, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED),
                ExperimentStatus.STOPPED,
                null);
        experiments.recordEvent(id, "stopped", actor, reason, Map.of());
        return refreshed(id);
    }

    Experiment find(UUID id) {
        return experiments
                .find(id)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.EXPERIMENT_NOT_FOUND,
                                        "No experiment has this id."));
    }

    private TaskDefinition current(Experiment experiment) {
        return catalog.current(experiment.taskType())
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.TASK_TYPE_CHANGED,
                                        experiment.taskType() + " is not a task type."));
    }

    private void move(
            Experiment experiment,
            List<ExperimentStatus> from,
            ExperimentStatus to,
            Experiment.Pin pin) {
        if (!experiments.transition(experiment.id(), from, to, pin)) {
            throw new ProblemException(
                    ProblemType.INVALID_TRANSITION,
                    "It is "
                            + experiment.status()
                            + "; this needs it to be "
                            + String.join(
                                    " or ", from.stream().map(ExperimentStatus::wire).toList())
                            + ".");
        }
    }

    private Experiment refreshed(UUID id) {
        live.refresh();
        return find(id);
    }
}
