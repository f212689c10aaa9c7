package dev.rung.experiments.internal;

import dev.rung.experiments.internal.CheckQualityReport.CheckCatch;
import dev.rung.experiments.internal.CheckQualityReport.Proportion;
import dev.rung.experiments.internal.CheckQualityReport.RungQuality;
import dev.rung.experiments.internal.CheckQualityReport.ThresholdPoint;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts one rung's judged attempts as they stream from the database: each answer compared with its
 * task's correct answer ({@link GroundTruth#matches}), each failed check credited with a catch or
 * charged with a false alarm.
 */
final class CheckQualityTally {

    /** The checks that judge an answer, in the order they run. */
    static final List<String> CHECKS =
            List.of(
                    "schema_invalid",
                    "missing_fields",
                    "rule_failed",
                    "citation_unknown",
                    "quote_mismatch",
                    "citation_missing",
                    "low_confidence",
                    "verifier_rejected");

    static final double[] THRESHOLDS = {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};

    /** One judged answer that reached the confidence check, with the confidence it gave. */
    private record Confident(double confidence, boolean right) {}

    private final int rung;
    private final TreeSet<String> models = new TreeSet<>();
    private long right;
    private long wrong;
    private long accepted;
    private long acceptedRight;
    private final Map<String, long[]> byCheck = new LinkedHashMap<>();
    private final Map<String, Long> withoutAnswer = new TreeMap<>();
    private final List<Confident> confident = new ArrayList<>();

    CheckQualityTally(int rung) {
        this.rung = rung;
        CHECKS.forEach(check -> byCheck.put(check, new long[2]));
    }

    /**
     * @param answer the answer the attempt gave; empty when it gave none (a refusal, a cut-off or
     *     unparsable text)
     * @param confidence the confidence the confidence check judged, when the type has one
     */
    void add(
            String model,
            String outcome,
            Optional<JsonNode> answer,
            JsonNode correct,
            OptionalDouble confidence) {
        models.add(model);
        if (answer.isEmpty() || !(outcome.equals("pass") || byCheck.containsKey(outcome))) {
            withoutAnswer.merge(outcome, 1L, Long::sum);
            return;
        }
        boolean isRight = GroundTruth.matches(answer.get(), correct);
        if (isRight) {
            right++;
        } else {
            wrong++;
        }
        if (outcome.equals("pass")) {
            accepted++;
            acceptedRight += isRight ? 1 : 0;
        } else {
            byCheck.get(outcome)[isRight ? 1 : 0]++;
        }
        if ((outcome.equals("pass") || outcome.equals("low_confidence"))
                && confidence.isPresent()) {
            confident.add(new Confident(confidence.getAsDouble(), isRight));
        }
    }

    RungQuality quality() {
        long caught = 0;
        long falseAlarms = 0;
        List<CheckCatch> checks = new ArrayList<>();
        for (var check : byCheck.entrySet()) {
            caught += check.getValue()[0];
            falseAlarms += check.getValue()[1];
            checks.add(
                    new CheckCatch(
                            check.getKey(),
                            Proportion.of(check.getValue()[0], wrong),
                            Proportion.of(check.getValue()[1], right)));
        }
        return new RungQuality(
                rung,
                List.copyOf(models),
                right + wrong,
                right,
                wrong,
                Proportion.of(caught, wrong),
                Proportion.of(falseAlarms, right),
                Proportion.of(acceptedRight, accepted),
                checks,
                withoutAnswer,
                thresholds());
    }

    /**
     * Every answer that reached the confidence check, judged again at each threshold: what was
     * failed earlier stays failed, so these are the answers the threshold alone decides.
     */
    private List<ThresholdPoint> thresholds() {
        if (confident.isEmpty()) {
            return List.of();
        }
        long rightTotal = confident.stream().filter(Confident::right).count();
        long wrongTotal = confident.size() - rightTotal;
        List<ThresholdPoint> points = new ArrayList<>();
        for (double threshold : THRESHOLDS) {
            long wrongBelow = 0;
            long rightBelow = 0;
            for (Confident answer : confident) {
                if (answer.confidence() < threshold) {
                    if (answer.right()) rightBelow++;
                    else wrongBelow++;
                }
            }
            long kept = confident.size() - wrongBelow - rightBelow;
            points.add(
                    new ThresholdPoint(
                            threshold,
                            Proportion.of(wrongBelow, wrongTotal),
                            Proportion.of(rightBelow, rightTotal),
                            Proportion.of(rightTotal - rightBelow, kept)));
        }
        return points;
    }
}
