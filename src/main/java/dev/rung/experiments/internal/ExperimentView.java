package dev.rung.experiments.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(name = "Experiment")
record ExperimentView(
        UUID id,
        String name,
        String taskType,
        @Schema(
                        allowableValues = {"draft", "running", "paused", "stopped"},
                        description =
                                "paused: the treatments are paused and all traffic goes to"
                                        + " the control policy")
                String status,
        String controlPolicy,
        @Schema(description = "The first treatment's policy") String treatmentPolicy,
        @Schema(description = "All treatments' share of subjects together")
                BigDecimal treatmentShare,
        @Schema(description = "Every arm, control first") List<Readout.ArmSummary> arms,
        @Schema(description = "Pinned when the experiment starts") String promptVersion,
        String promptSha256,
        @Schema(
                        description =
                                "The task type's version, pinned when the experiment starts: tasks"
                                        + " of another version do not join it")
                Integer taskTypeVersion,
        String timeZone,
        StopLossView stopLoss,
        Instant createdAt,
        Instant startedAt,
        Instant stoppedAt,
        List<ExperimentEvent> events) {

    @Schema(name = "StopLoss")
    record StopLossView(
            BigDecimal passRateMargin,
            int consecutivePeriods,
            BigDecimal escalationCeiling,
            int minSamplePerArm,
            String period,
            BigDecimal alpha,
            @Schema(
                            description =
                                    "Reviewed-accuracy points the treatment may lose; null: the"
                                            + " reviewed-accuracy rule is off")
                    BigDecimal accuracyMargin,
            int minReviewedPerArm) {}

    static ExperimentView of(Experiment e, List<ExperimentEvent> events) {
        var s = e.stopLoss();
        return new ExperimentView(
                e.id(),
                e.name(),
                e.taskType(),
                e.status().wire(),
                e.controlPolicy(),
                e.treatments().getFirst().policy(),
                BigDecimal.ONE.subtract(e.control().share()),
                e.arms().stream().map(ExperimentArm::summary).toList(),
                e.promptVersion(),
                e.promptSha256(),
                e.taskTypeVersion(),
                e.timeZone(),
                new StopLossView(
                        s.passRateMargin(),
                        s.consecutivePeriods(),
                        s.escalationCeiling(),
                        s.minSamplePerArm(),
                        s.period().toString(),
                        s.alpha(),
                        s.accuracyMargin(),
                        s.minReviewedPerArm()),
                e.createdAt(),
                e.startedAt(),
                e.stoppedAt(),
                events);
    }
}
