package dev.rung.intake.internal;

import dev.rung.experiments.Assignment;
import dev.rung.experiments.ExperimentAssigner;
import dev.rung.experiments.Placement;
import dev.rung.ledger.QueuedTask;
import dev.rung.routing.Route;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.task.Tier;

import org.springframework.stereotype.Component;

/**
 * Chooses a task's route. A task with stakes flags keeps its own (Tier A) route; any other task of
 * a type under experiment takes its subject's arm, or the control policy while the experiment (or
 * that arm) is paused.
 */
@Component
class RouteChoice {

    private final RoutePlanner planner;
    private final ExperimentAssigner experiments;

    RouteChoice(RoutePlanner planner, ExperimentAssigner experiments) {
        this.planner = planner;
        this.experiments = experiments;
    }

    Route choose(TaskDefinition type, TaskRequest request) {
        Route planned = planner.plan(type, request.stakes());
        if (type.defaultStakes().or(request.stakes()).anySet()) {
            return planned;
        }
        return planner.startFor(placed(type, request, planned), request, false);
    }

    private Route placed(TaskDefinition type, TaskRequest request, Route planned) {
        return switch (experiments.place(type, request.subjectId())) {
            case Placement.Outside() -> planned;
            case Placement.InArm(Assignment assignment) ->
                    new Route(
                            planned.tier(),
                            planner.policy(assignment.policy()).orElseThrow(),
                            assignment.experimentId(),
                            assignment.arm());
            case Placement.ControlWhilePaused(String control) ->
                    planner.policy(control)
                            .map(policy -> new Route(planned.tier(), policy))
                            .orElse(planned);
        };
    }

    /**
     * The route a queued task was given when it was accepted, as stored on its row; a learned
     * policy picks its start rung as the task runs. A queued task can wait for its answer.
     */
    Route stored(QueuedTask queued, TaskRequest request) {
        return planner.startFor(
                new Route(
                        Tier.valueOf(queued.tier()),
                        planner.policy(queued.policy()).orElseThrow(),
                        queued.experimentId(),
                        queued.arm(),
                        queued.source()),
                request,
                true);
    }
}
