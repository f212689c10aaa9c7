package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;
import dev.rung.experiments.internal.statistics.ConfidenceSequence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stop-loss rules as a pure function of the cumulative arm sums, the settings and how many
 * boundaries in a row the pass-rate rule held before: the same code judges a live experiment and
 * the simulated A/A runs.
 */
final class StopLossRules {

    private StopLossRules() {}

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
        long inARow = passRateBreached ? previousBreachesInARow + 1 : 0;
        String fired =
                escalationBreached
                        ? "escalation_rate"
                        : inARow >= settings.consecutivePeriods() ? "pass_rate" : null;
        numbers.put("passRateBreached", passRateBreached);
        numbers.put("escalationBreached", escalationBreached);
        numbers.put("passRateBreachedPeriodsInARow", inARow);
        return new Verdict(passRateBreached, escalationBreached, inARow, fired, numbers);
    }
}
