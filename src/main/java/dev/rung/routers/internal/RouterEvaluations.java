package dev.rung.routers.internal;

import dev.rung.replays.ReplayJobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a router version's evaluation stands: its replays read out side by side, and the version
 * marked evaluated once all of them have ended. A version whose training job was lost (its instance
 * stopped) fails after the training timeout.
 */
@Component
class RouterEvaluations {

    private static final Logger log = LoggerFactory.getLogger(RouterEvaluations.class);

    private final RouterStore store;
    private final ReplayJobs replays;
    private final Duration trainingTimeout;

    RouterEvaluations(
            RouterStore store,
            ReplayJobs replays,
            @Value("${rung.routers.training-timeout:30m}") Duration trainingTimeout) {
        this.store = store;
        this.replays = replays;
        this.trainingTimeout = trainingTimeout;
    }

    @Scheduled(fixedDelayString = "${rung.routers.sweep:5s}", initialDelay = 2_000)
    void sweep() {
        store.evaluating().forEach(this::settle);
        store.stuckTraining(trainingTimeout)
                .forEach(
                        row -> {
                            log.warn(
                                    "Router {}@{} never finished training",
                                    row.name(),
                                    row.version());
                            store.failed(
                                    row.name(),
                                    row.version(),
                                    "interrupted: training did not finish within "
                                            + trainingTimeout);
                        });
    }

    /** The version as the API shows it, settling its evaluation if every replay has ended. */
    RouterView view(RouterStore.Row row) {
        RouterStore.Row now = settle(row);
        RouterView.Evaluation evaluation = evaluation(now);
        return new RouterView(
                now.name(),
                now.version(),
                now.policy(),
                now.taskType(),
                now.basePolicy(),
                now.status(),
                now.trainFrom(),
                now.trainTo(),
                now.holdoutFrom(),
                now.holdoutTo(),
                now.spendCapUsd(),
                now.model() == null ? null : now.model().threshold(),
                now.training(),
                evaluation,
                now.createdBy(),
                now.createdAt(),
                now.finishedAt(),
                now.error());
    }

    private RouterStore.Row settle(RouterStore.Row row) {
        if (!row.status().equals("evaluating") || row.evaluation().isEmpty()) {
            return row;
        }
        boolean ended =
                row.evaluation().stream()
                        .map(planned -> replays.summary(planned.replayId()))
                        .allMatch(summary -> summary.map(s -> !s.running()).orElse(true));
        if (!ended) {
            return row;
        }
        store.evaluated(row.name(), row.version());
        log.info("Router {}@{} evaluated", row.name(), row.version());
        return store.find(row.name(), row.version()).orElse(row);
    }

    private RouterView.Evaluation evaluation(RouterStore.Row row) {
        if (row.evaluation().isEmpty()) {
            return null;
        }
        List<RouterView.Replayed> replayed =
                row.evaluation().stream().map(this::replayed).flatMap(Optional::stream).toList();
        Optional<RouterView.Replayed> router = role(replayed, RouterStore.Role.ROUTER);
        Optional<RouterView.Replayed> base = role(replayed, RouterStore.Role.BASE);
        BigDecimal costDifference =
                router.isPresent()
                                && base.isPresent()
                                && router.get().costPerSuccessUsd() != null
                                && base.get().costPerSuccessUsd() != null
                        ? router.get().costPerSuccessUsd().subtract(base.get().costPerSuccessUsd())
                        : null;
        Double passDifference =
                router.isPresent()
                                && base.isPresent()
                                && router.get().passRate() != null
                                && base.get().passRate() != null
                        ? router.get().passRate() - base.get().passRate()
                        : null;
        return new RouterView.Evaluation(replayed, costDifference, passDifference);
    }

    private static Optional<RouterView.Replayed> role(
            List<RouterView.Replayed> replayed, RouterStore.Role role) {
        return replayed.stream().filter(r -> r.role().equals(role.wire())).findFirst();
    }

    private Optional<RouterView.Replayed> replayed(RouterStore.PlannedReplay planned) {
        return replays.summary(planned.replayId())
                .map(
                        s ->
                                new RouterView.Replayed(
                                        planned.policy(),
                                        planned.role().wire(),
                                        planned.replayId(),
                                        s.status(),
                                        s.candidates(),
                                        s.processed(),
                                        s.skippedErased(),
                                        s.tasks(),
                                        s.successes(),
                                        s.passRate(),
                                        s.costPerSuccessUsd(),
                                        s.agreement(),
                                        s.reviewedAccuracy()));
    }
}
