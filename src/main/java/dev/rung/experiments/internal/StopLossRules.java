package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;
import dev.rung.experiments.internal.statistics.ConfidenceSequence;
import dev.rung.experiments.internal.statistics.Statistic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stop-loss rules as a pure function of the cumulative arm sums, what reviewers found in each
 * arm, the settings and how many boundaries in a row the pass-rate rule held before: the same code
 * judges a live experiment and the simulated A/A runs.
 */
final class StopLossRules {

    private StopLossRules() {}

    /** An arm's reviewed tasks and how many of them were answered right. */
    record Reviewed(long reviewed, long correct) {
        static final Reviewed NONE = new Reviewed(0, 0);

        Statistic.SampleMean accuracy() {
            return new Statistic.SampleMean(reviewed, correct, correct);
        }
    }

    /** The verdict and the numbers behind it (stored with the decision). */
    record Verdict(
            boolean passRateBreached,
            boolean escalationBreached,
            long passRateBreachedInARow,
            String firedRule,
            Map<String, Object> numbers) {}

    static Verdict judge(
            ArmAggregate control,
            ArmAggregate treatment,
            Reviewed controlReviewed,
            Reviewed treatmentReviewed,
            Experiment.StopLossSettings settings,
            long previousBreachesInARow) {
        double alpha = settings.alpha().doubleValue();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("controlTasks", control.tasks);
        numbers.put("treatmentTasks", treatment.tasks);
        boolean enough =
                Math.min(control.tasks, treatment.tasks) >= settings.minSamplePerArm()
                        && control.subjects > 1
                        && treatment.subjects > 1;
        numbers.put("enoughSample", enough);
        boolean passRateBreached = false;
        boolean escalationBreached = false;
        if (enough) {
            var c = ReadoutService.passRate(control);
            var t = ReadoutService.passRate(treatment);
            double upper = ConfidenceSequence.differenceUpperBound(c, t, alpha);
            double escalationLower =
                    ConfidenceSequence.proportionLowerBound(
                            treatment.escalated, treatment.tasks, alpha);
            passRateBreached = upper < -settings.passRateMargin().doubleValue();
            escalationBreached = escalationLower > settings.escalationCeiling().doubleValue();
            numbers.put("passRateDifference", t.mean() - c.mean());
            numbers.put("passRateDifferenceUpperBound", upper);
            numbers.put("treatmentEscalationRate", (double) treatment.escalated / treatment.tasks);
            numbers.put("treatmentEscalationLowerBound", escalationLower);
        }
        boolean accuracyBreached =
                accuracyBreached(controlReviewed, treatmentReviewed, settings, alpha, numbers);
        long inARow = passRateBreached ? previousBreachesInARow + 1 : 0;
        // Reviewed accuracy is the final judge: when reviews show the treatment answering worse,
        // its pass rate is beside the point. Reviews come slowly, so one breach is enough.
        String fired =
                accuracyBreached
                        ? "reviewed_accuracy"
                        : escalationBreached
                                ? "escalation_rate"
                                : inARow >= settings.consecutivePeriods() ? "pass_rate" : null;
        numbers.put("passRateBreached", passRateBreached);
        numbers.put("escalationBreached", escalationBreached);
        numbers.put("passRateBreachedPeriodsInARow", inARow);
        return new Verdict(passRateBreached, escalationBreached, inARow, fired, numbers);
    }

    /**
     * Whether the always-valid upper bound of treatment − control reviewed accuracy is below
     * −margin, once each arm has enough reviewed tasks; never when the rule is off.
     */
    private static boolean accuracyBreached(
            Reviewed control,
            Reviewed treatment,
            Experiment.StopLossSettings settings,
            double alpha,
            Map<String, Object> numbers) {
        if (settings.accuracyMargin() == null) {
            return false;
        }
        numbers.put("controlReviewed", control.reviewed());
        numbers.put("treatmentReviewed", treatment.reviewed());
        long minimum = Math.max(2, settings.minReviewedPerArm());
        if (Math.min(control.reviewed(), treatment.reviewed()) < minimum) {
            return false;
        }
        var c = control.accuracy();
        var t = treatment.accuracy();
        double upper = ConfidenceSequence.differenceUpperBound(c, t, alpha);
        boolean breached = upper < -settings.accuracyMargin().doubleValue();
        numbers.put("reviewedAccuracyDifference", t.mean() - c.mean());
        numbers.put("reviewedAccuracyDifferenceUpperBound", upper);
        numbers.put("reviewedAccuracyBreached", breached);
        return breached;
    }
}
