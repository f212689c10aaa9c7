package dev.rung.replays.internal;

import dev.rung.instance.RungInstance;
import dev.rung.routing.Policy;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.TaskCatalog;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import org.springframework.stereotype.Component;

import java.time.Duration;

/** Starts replays, for the API and for the routers that are evaluated by them. */
@Component
class ReplayStarter {

    static final Duration LONGEST_WINDOW = Duration.ofDays(366);

    private final ReplayStore store;
    private final ReplayRunner runner;
    private final TaskCatalog catalog;
    private final RoutePlanner planner;
    private final RungInstance instance;
    private final ShadowSampler shadows;

    ReplayStarter(
            ReplayStore store,
            ReplayRunner runner,
            TaskCatalog catalog,
            RoutePlanner planner,
            RungInstance instance,
            ShadowSampler shadows) {
        this.store = store;
        this.runner = runner;
        this.catalog = catalog;
        this.planner = planner;
        this.instance = instance;
        this.shadows = shadows;
    }

    /** Checks the request, stores the replay and starts it (a shadow starts sampling). */
    ReplayView start(ReplayRequest request) {
        if (catalog.current(request.taskType()).isEmpty()) {
            throw new ProblemException(
                    ProblemType.UNKNOWN_TASK_TYPE,
                    "Rung has no task type named '" + request.taskType() + "'.");
        }
        Policy policy =
                planner.policy(request.policy())
                        .orElseThrow(
                                () ->
                                        ProblemException.invalidField(
                                                "policy",
                                                "is not a configured routing policy or a trained"
                                                        + " learned router"));
        if (request.shadow()) {
            shadowFields(request);
        } else {
            windowFields(request);
        }
        if (!"B".equals(request.tier()) && !planner.allowedForTierA(policy)) {
            throw ProblemException.invalidField(
                    "tier",
                    "policy "
                            + policy.name()
                            + " may not serve Tier A tasks: replay tier B only (\"tier\": \"B\")");
        }
        String actor =
                request.actor() == null || request.actor().isBlank() ? "api" : request.actor();
        ReplayView replay = store.create(request, actor, instance.id());
        if (request.shadow()) {
            shadows.refresh();
        } else {
            runner.start(replay, policy);
        }
        return replay;
    }

    private static void windowFields(ReplayRequest request) {
        if (request.from() == null || request.to() == null) {
            throw ProblemException.invalidField(
                    request.from() == null ? "from" : "to", "is required for mode window");
        }
        if (request.share() != null) {
            throw ProblemException.invalidField("share", "needs mode shadow");
        }
        if (!request.from().isBefore(request.to())) {
            throw ProblemException.invalidField("from", "must be before to");
        }
        if (Duration.between(request.from(), request.to()).compareTo(LONGEST_WINDOW) > 0) {
            throw ProblemException.invalidField("from", "the window is at most 366 days");
        }
    }

    private static void shadowFields(ReplayRequest request) {
        if (request.share() == null) {
            throw ProblemException.invalidField("share", "is required for mode shadow");
        }
        if (request.from() != null || request.to() != null) {
            throw ProblemException.invalidField(
                    request.from() != null ? "from" : "to",
                    "a shadow takes the tasks served from now on: leave out from and to");
        }
        if (request.source() != null) {
            throw ProblemException.invalidField(
                    "source", "a shadow takes every source; filter by tier only");
        }
    }
}
