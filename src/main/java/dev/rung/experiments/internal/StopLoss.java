package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stop-loss. On cumulative data, with always-valid bounds so that looking every period does not
 * raise the false-alarm rate:
 *
 * <ul>
 *   <li>pass rate: the upper bound of (treatment − control) is below −margin, at this boundary and
 *       the boundaries before it, {@code consecutivePeriods} in a row (a debounce on top of the
 *       bound);
 *   <li>escalation: the lower bound of the treatment's escalation rate is above the ceiling.
 * </ul>
 *
 * Neither fires before each arm has the minimum sample. Each treatment is judged against control on
 * its own. Firing pauses that treatment: its subjects go to the control policy until someone
 * resumes the experiment; when it was the only treatment serving, the whole experiment pauses and
 * all traffic of the task type goes to the control policy.
 */
@Component
class StopLoss {

    private static final Logger log = LoggerFactory.getLogger(StopLoss.class);
    static final String EVALUATED = "stop_loss_evaluated";
    static final String PAUSED = "stop_loss_paused";

    private final ReadoutService readouts;
    private final ExperimentRepository experiments;
    private final ExperimentLifecycle lifecycle;
    private final MeterRegistry meters;
    private final ReviewedAccuracy reviewed;

    StopLoss(
            ReviewedAccuracy reviewed,
            ReadoutService readouts,
            ExperimentRepository experiments,
            ExperimentLifecycle lifecycle,
            MeterRegistry meters) {
        this.readouts = readouts;
        this.experiments = experiments;
        this.lifecycle = lifecycle;
        this.meters = meters;
        this.reviewed = reviewed;
    }

    /**
     * Evaluates the rules for each treatment, against control; {@code period} is the boundary's
     * number, or null for an on-demand evaluation. Returns the first treatment's numbers (the whole
     * answer for two arms), with every treatment's under {@code arms}.
     */
    Map<String, Object> evaluate(Experiment e, Long period) {
        Map<String, ArmAggregate> arms = readouts.cumulative(e.id());
        var accuracy = reviewed.of(e.id(), e.arms().stream().map(ExperimentArm::name).toList());
        ArmAggregate control =
                arms.getOrDefault(
                        ExperimentArm.CONTROL, new ArmAggregate(ExperimentArm.CONTROL, null));
        Map<String, Map<String, Object>> byArm = new LinkedHashMap<>();
        Experiment current = e;
        for (ExperimentArm arm : e.treatments()) {
            var verdict =
                    StopLossRules.judge(
                            control,
                            arms.getOrDefault(arm.name(), new ArmAggregate(arm.name(), null)),
                            reviewedOf(accuracy.get(ExperimentArm.CONTROL)),
                            reviewedOf(accuracy.get(arm.name())),
                            e.stopLoss(),
                            previousBreachesInARow(e, arm.name(), period));
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("trigger", period == null ? "on_demand" : "period_boundary");
            if (period != null) {
                numbers.put("period", period);
            }
            numbers.put("arm", arm.name());
            numbers.putAll(verdict.numbers());
            experiments.recordEvent(e.id(), EVALUATED, "stop-loss", null, numbers);
            // A treatment paused already is still judged (the answer says where it stands), not
            // paused again.
            if (verdict.firedRule() != null
                    && current.status() == ExperimentStatus.RUNNING
                    && arm.serving()) {
                current = pause(current, arm.name(), verdict.firedRule(), numbers);
            }
            numbers.put("firedRule", verdict.firedRule());
            byArm.put(arm.name(), numbers);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        byArm.values().stream().findFirst().ifPresent(answer::putAll);
        answer.put("arms", byArm);
        return answer;
    }

    private static StopLossRules.Reviewed reviewedOf(ReviewedAccuracy.ArmAccuracy arm) {
        return arm == null
                ? StopLossRules.Reviewed.NONE
                : new StopLossRules.Reviewed(arm.overall().reviewed(), arm.overall().correct());
    }

    /**
     * Consecutive earlier period boundaries at which the pass-rate rule held for this treatment
     * (events from before experiments had several name none: they are the one treatment's).
     */
    private long previousBreachesInARow(Experiment e, String arm, Long period) {
        if (period == null) {
            return 0;
        }
        List<ExperimentEvent> boundaries =
                experiments.events(e.id()).stream()
                        .filter(
                                event ->
                                        EVALUATED.equals(event.kind())
                                                && event.numbers().get("period") != null
                                                && arm.equals(
                                                        event.numbers()
                                                                .getOrDefault(
                                                                        "arm",
                                                                        ExperimentArm.TREATMENT)))
                        .toList()
                        .reversed();
        long inARow = 0;
        long expected = period - 1;
        for (ExperimentEvent event : boundaries) {
            long eventPeriod = ((Number) event.numbers().get("period")).longValue();
            if (eventPeriod != expected
                    || !Boolean.TRUE.equals(event.numbers().get("passRateBreached"))) {
                break;
            }
            inARow++;
            expected--;
        }
        return inARow;
    }

    private Experiment pause(Experiment e, String arm, String rule, Map<String, Object> numbers) {
        String reason =
                switch (rule) {
                    case "reviewed_accuracy" ->
                            "Reviews show "
                                    + arm
                                    + " answering right less often than control,"
                                    + " by more than "
                                    + e.stopLoss().accuracyMargin()
                                    + ".";
                    case "escalation_rate" ->
                            arm
                                    + " escalates more than "
                                    + e.stopLoss().escalationCeiling()
                                    + " of its tasks.";
                    default ->
                            arm
                                    + "'s pass rate is worse than control by more than "
                                    + e.stopLoss().passRateMargin()
                                    + " for "
                                    + e.stopLoss().consecutivePeriods()
                                    + " periods in a row.";
                };
        Experiment after = lifecycle.pauseArm(e, arm, "stop-loss", reason, numbers);
        experiments.recordEvent(e.id(), PAUSED, "stop-loss", reason, numbers);
        meters.counter("rung.experiment.stop.loss.paused", "task_type", e.taskType(), "rule", rule)
                .increment();
        log.warn(
                "Stop-loss paused {} of experiment {} ({}): {}", arm, e.id(), e.taskType(), reason);
        return after;
    }
}
