package dev.rung.routers.internal;

import dev.rung.replays.ReplayJobs;
import dev.rung.routing.Policy;
import dev.rung.routing.RoutePlanner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The training job of a router version, in the background: fit the model on the training window,
 * pick its threshold, then start the replays of the held-out window that evaluate it.
 */
@Component
class RouterTrainer {

    private static final Logger log = LoggerFactory.getLogger(RouterTrainer.class);

    /** Hashed buckets of input features: plenty for a task type's words and fields. */
    static final int BUCKETS = 64;

    /** The ridge penalty: keeps rare words and fields from deciding alone. */
    static final double LAMBDA = 1.0;

    /** Fewer examples of either outcome than this and there is nothing to learn from. */
    static final int MIN_PER_OUTCOME = 10;

    private final TrainingSet trainingSet;
    private final RouterStore store;
    private final RoutePlanner planner;
    private final ReplayJobs replays;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();

    RouterTrainer(
            TrainingSet trainingSet, RouterStore store, RoutePlanner planner, ReplayJobs replays) {
        this.trainingSet = trainingSet;
        this.store = store;
        this.planner = planner;
        this.replays = replays;
    }

    void start(RouterStore.Row row, List<String> compareWith, BigDecimal threshold) {
        jobs.submit(() -> run(row, compareWith, threshold));
    }

    private void run(RouterStore.Row row, List<String> compareWith, BigDecimal threshold) {
        try {
            Policy base = planner.policy(row.basePolicy()).orElseThrow();
            String first = base.ladder().getFirst();
            var examples =
                    trainingSet.examples(row.taskType(), first, row.trainFrom(), row.trainTo());
            long passes = examples.stream().filter(TrainingSet.Example::passed).count();
            if (Math.min(passes, examples.size() - passes) < MIN_PER_OUTCOME) {
                store.failed(
                        row.name(),
                        row.version(),
                        "the training window has "
                                + passes
                                + " first-rung passes and "
                                + (examples.size() - passes)
                                + " failures on "
                                + first
                                + "; a router needs at least "
                                + MIN_PER_OUTCOME
                                + " of each (serve more tasks on "
                                + row.basePolicy()
                                + ", or widen the window)");
                return;
            }
            double cut =
                    threshold != null
                            ? threshold.doubleValue()
                            : trainingSet
                                    .breakEven(
                                            row.taskType(), first, row.trainFrom(), row.trainTo())
                                    .orElse(0.3);
            RouterModel model = fit(examples, Math.clamp(cut, 0.0, 1.0));
            store.trained(row.name(), row.version(), model, training(examples, model));
            evaluate(row, base, compareWith);
            log.info(
                    "Router {} version {} trained on {} examples; evaluating",
                    row.name(),
                    row.version(),
                    examples.size());
        } catch (RuntimeException e) {
            log.error("Router {} version {} failed", row.name(), row.version(), e);
            store.failed(
                    row.name(), row.version(), "internal error: " + e.getClass().getSimpleName());
        }
    }

    static RouterModel fit(List<TrainingSet.Example> examples, double threshold) {
        List<double[]> features =
                examples.stream()
                        .map(e -> InputFeatures.of(e.input(), e.queued(), BUCKETS))
                        .toList();
        RouterModel scaled = RouterModel.standardised(BUCKETS, features, threshold);
        double[][] x = features.stream().map(scaled::row).toArray(double[][]::new);
        double[] y = examples.stream().mapToDouble(e -> e.passed() ? 1 : 0).toArray();
        return scaled.withCoefficients(LogisticRegression.fit(x, y, LAMBDA));
    }

    private static RouterView.Training training(
            List<TrainingSet.Example> examples, RouterModel model) {
        double logLoss = 0;
        long higher = 0;
        for (var e : examples) {
            double p = model.passProbability(e.input(), e.queued());
            double q = Math.clamp(e.passed() ? p : 1 - p, 1e-12, 1.0);
            logLoss -= Math.log(q);
            if (p < model.threshold()) {
                higher++;
            }
        }
        return new RouterView.Training(
                examples.size(),
                examples.stream().filter(TrainingSet.Example::passed).count(),
                examples.stream().filter(TrainingSet.Example::reviewed).count(),
                logLoss / examples.size(),
                (double) higher / examples.size());
    }

    /** The router, its base policy and each compared policy over the held-out window. */
    private void evaluate(RouterStore.Row row, Policy base, List<String> compareWith) {
        List<RouterStore.PlannedReplay> wanted = new ArrayList<>();
        wanted.add(new RouterStore.PlannedReplay(row.policy(), RouterStore.Role.ROUTER, null));
        wanted.add(new RouterStore.PlannedReplay(base.name(), RouterStore.Role.BASE, null));
        compareWith.stream()
                .filter(policy -> !policy.equals(base.name()))
                .forEach(
                        policy ->
                                wanted.add(
                                        new RouterStore.PlannedReplay(
                                                policy, RouterStore.Role.COMPARED, null)));
        BigDecimal each =
                row.spendCapUsd().divide(BigDecimal.valueOf(wanted.size()), 9, RoundingMode.DOWN);
        List<RouterStore.PlannedReplay> plan =
                wanted.stream()
                        .map(
                                replay ->
                                        new RouterStore.PlannedReplay(
                                                replay.policy(),
                                                replay.role(),
                                                replays.replayWindow(
                                                        row.taskType(),
                                                        replay.policy(),
                                                        row.holdoutFrom(),
                                                        row.holdoutTo(),
                                                        each,
                                                        "router "
                                                                + row.name()
                                                                + "@"
                                                                + row.version())))
                        .toList();
        store.evaluating(row.name(), row.version(), plan);
    }
}
