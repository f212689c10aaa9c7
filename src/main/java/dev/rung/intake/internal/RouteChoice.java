package dev.rung.intake.internal;

import dev.rung.experiments.Assignment;
import dev.rung.experiments.ExperimentAssigner;
import dev.rung.routing.Policy;
import dev.rung.routing.Route;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.task.Tier;

import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Chooses a task's route. A task with stakes flags keeps its own (Tier A) route; any other task of
 * a type under experiment takes its subject's arm, or the control policy while the experiment's
 * treatment is paused.
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
        Optional<Assignment> assignment = experiments.assign(type, request.subjectId());
        if (assignment.isPresent()) {
            Policy policy = planner.policy(assignment.get().policy()).orElseThrow();
            return new Route(
                    planned.tier(),
                    policy,
                    assignment.get().experimentId(),
                    assignment.get().arm());
        }
        return experiments
                .pausedControlPolicy(type.slug())
                .flatMap(planner::policy)
                .map(control -> new Route(planned.tier(), control))
                .orElse(planned);
    }

    /** The route a queued task was given when it was accepted, as stored on its row. */
    Route stored(String tier, String policy, UUID experimentId, String arm) {
        return new Route(
                Tier.valueOf(tier), planner.policy(policy).orElseThrow(), experimentId, arm);
    }
}
