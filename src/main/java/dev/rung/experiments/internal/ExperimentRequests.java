package dev.rung.experiments.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Request bodies of the experiment API. */
final class ExperimentRequests {

    private ExperimentRequests() {}

    @Schema(name = "CreateExperiment")
    record Create(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Schema(example = "lead-classification") String taskType,
            @NotBlank @Schema(example = "mini-only") String controlPolicy,
            @Schema(
                            example = "nano-first",
                            description =
                                    "The one treatment's policy, for an experiment with two arms;"
                                            + " give either this or treatments")
                    String treatmentPolicy,
            @DecimalMin("0.01")
                    @DecimalMax("0.99")
                    @Schema(
                            description =
                                    "Share of subjects in the one treatment; default 0.5. With"
                                            + " treatments, each gives its own share")
                    BigDecimal treatmentShare,
            @Size(min = 1, max = 9)
                    @Schema(
                            description =
                                    "Several treatments, each compared with control: the control"
                                            + " takes the share they leave (by default every arm"
                                            + " gets an equal share)")
                    List<@Valid Treatment> treatments,
            @Valid StopLoss stopLoss,
            @Size(max = 64) @Schema(description = "Time zone of the readout's days; default UTC")
                    String timeZone) {

        Experiment.StopLossSettings stopLossOrDefaults(
                ExperimentProperties.StopLossDefaults defaults) {
            StopLoss given =
                    stopLoss == null
                            ? new StopLoss(null, null, null, null, null, null, null, null)
                            : stopLoss;
            return new Experiment.StopLossSettings(
                    given.passRateMargin() != null
                            ? given.passRateMargin()
                            : defaults.passRateMargin(),
                    given.consecutivePeriods() != null
                            ? given.consecutivePeriods()
                            : defaults.consecutivePeriods(),
                    given.escalationCeiling() != null
                            ? given.escalationCeiling()
                            : defaults.escalationCeiling(),
                    given.minSamplePerArm() != null
                            ? given.minSamplePerArm()
                            : defaults.minSamplePerArm(),
                    given.period() != null ? given.period() : defaults.period(),
                    given.alpha() != null ? given.alpha() : defaults.alpha(),
                    given.accuracyMargin() != null
                            ? given.accuracyMargin()
                            : defaults.accuracyMargin(),
                    given.minReviewedPerArm() != null
                            ? given.minReviewedPerArm()
                            : defaults.minReviewedPerArm());
        }
    }

    @Schema(name = "ExperimentTreatment")
    record Treatment(
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}")
                    @Schema(
                            example = "learned",
                            description =
                                    "The arm's name in the readout and on task rows (lower case,"
                                            + " digits, hyphens); default: the policy's name")
                    String arm,
            @NotBlank @Schema(example = "nano-first") String policy,
            @DecimalMin("0.01")
                    @DecimalMax("0.98")
                    @Schema(description = "Share of subjects; give it for all treatments or none")
                    BigDecimal share) {}

    @Schema(
            name = "StopLossSettings",
            description = "Any value left out takes the configured default")
    record StopLoss(
            @DecimalMin("0")
                    @DecimalMax("1")
                    @Schema(description = "Pass-rate points the treatment may lose, e.g. 0.02")
                    BigDecimal passRateMargin,
            @Min(1) @Max(100) Integer consecutivePeriods,
            @DecimalMin("0") @DecimalMax("1") BigDecimal escalationCeiling,
            @Min(1) Integer minSamplePerArm,
            @Schema(
                            type = "string",
                            example = "PT24H",
                            description = "ISO-8601 duration, at least one second")
                    Duration period,
            @DecimalMin("0.0001") @DecimalMax("0.5") BigDecimal alpha,
            @DecimalMin("0")
                    @DecimalMax("1")
                    @Schema(
                            description =
                                    "Reviewed-accuracy points the treatment may lose, e.g. 0.03;"
                                            + " judged once each arm has minReviewedPerArm"
                                            + " reviewed tasks")
                    BigDecimal accuracyMargin,
            @Min(1) Integer minReviewedPerArm) {}

    @Schema(name = "ExperimentStateChange")
    record Change(
            @Size(max = 200) @Schema(description = "Who makes the change; default api")
                    String actor,
            @Size(max = 2000) String reason) {

        String actorOrDefault() {
            return actor == null || actor.isBlank() ? "api" : actor;
        }
    }
}
