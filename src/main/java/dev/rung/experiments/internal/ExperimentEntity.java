package dev.rung.experiments.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A row of {@code experiment}; {@link Experiment} is what the rest of the module sees. */
@Entity
@Table(name = "experiment")
class ExperimentEntity {

    @Id UUID id;
    String name;
    String taskType;
    String controlPolicy;
    String treatmentPolicy;
    BigDecimal treatmentShare;
    String seed;

    @Convert(converter = StatusColumn.class)
    ExperimentStatus status;

    String promptVersion;

    @Column(name = "prompt_sha256", columnDefinition = "char(64)")
    String promptSha256;

    Integer taskTypeVersion;
    String timeZone;
    BigDecimal passRateMargin;
    int consecutivePeriods;
    BigDecimal escalationCeiling;
    int minSamplePerArm;
    long periodSeconds;
    BigDecimal alpha;
    BigDecimal accuracyMargin;
    Integer minReviewedPerArm;
    long lastEvaluatedPeriod;
    Instant createdAt;
    Instant startedAt;
    Instant stoppedAt;

    /* Few arms, always needed with the experiment: loaded with it. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "experiment_arm", joinColumns = @JoinColumn(name = "experiment_id"))
    @OrderColumn(name = "position")
    List<ArmColumns> arms = new ArrayList<>();

    protected ExperimentEntity() {}

    ExperimentEntity(Experiment e) {
        id = e.id();
        name = e.name();
        taskType = e.taskType();
        controlPolicy = e.control().policy();
        treatmentPolicy = e.treatments().getFirst().policy();
        treatmentShare = BigDecimal.ONE.subtract(e.control().share());
        e.arms().forEach(arm -> arms.add(new ArmColumns(arm)));
        seed = e.seed();
        status = e.status();
        promptVersion = e.promptVersion();
        promptSha256 = e.promptSha256();
        taskTypeVersion = e.taskTypeVersion();
        timeZone = e.timeZone();
        passRateMargin = e.stopLoss().passRateMargin();
        consecutivePeriods = e.stopLoss().consecutivePeriods();
        escalationCeiling = e.stopLoss().escalationCeiling();
        minSamplePerArm = e.stopLoss().minSamplePerArm();
        periodSeconds = e.stopLoss().period().toSeconds();
        alpha = e.stopLoss().alpha();
        accuracyMargin = e.stopLoss().accuracyMargin();
        minReviewedPerArm = e.stopLoss().minReviewedPerArm();
        lastEvaluatedPeriod = e.lastEvaluatedPeriod();
        createdAt = e.createdAt();
        startedAt = e.startedAt();
        stoppedAt = e.stoppedAt();
    }

    Experiment experiment() {
        return new Experiment(
                id,
                name,
                taskType,
                arms.stream().map(ArmColumns::arm).toList(),
                seed,
                status,
                promptVersion,
                promptSha256,
                taskTypeVersion,
                timeZone,
                new Experiment.StopLossSettings(
                        passRateMargin,
                        consecutivePeriods,
                        escalationCeiling,
                        minSamplePerArm,
                        Duration.ofSeconds(periodSeconds),
                        alpha,
                        accuracyMargin,
                        minReviewedPerArm == null ? 0 : minReviewedPerArm),
                lastEvaluatedPeriod,
                createdAt,
                startedAt,
                stoppedAt);
    }

    /** A row of {@code experiment_arm}; its position is the list's order. */
    @Embeddable
    static class ArmColumns {

        @Column(name = "arm")
        String name;

        String policy;
        BigDecimal share;
        Instant pausedAt;

        protected ArmColumns() {}

        ArmColumns(ExperimentArm arm) {
            name = arm.name();
            policy = arm.policy();
            share = arm.share();
            pausedAt = arm.pausedAt();
        }

        ExperimentArm arm() {
            return new ExperimentArm(name, policy, share, pausedAt);
        }
    }

    /** The status as the column holds it: the lower-case name. */
    @Converter
    static class StatusColumn implements AttributeConverter<ExperimentStatus, String> {

        @Override
        public String convertToDatabaseColumn(ExperimentStatus status) {
            return status == null ? null : status.wire();
        }

        @Override
        public ExperimentStatus convertToEntityAttribute(String column) {
            return column == null ? null : ExperimentStatus.of(column);
        }
    }
}
