package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes and serialises one readout of made-up numbers once the service is ready, in the
 * background. Without it the first readout after a deploy pays for loading and compiling the
 * statistics, SQL and JSON code it runs: measured in-process, about 80 ms for the first readout
 * against 11 ms for the next, and about 40 ms with it.
 */
@Component
class ReadoutWarmUp {

    private static final Logger log = LoggerFactory.getLogger(ReadoutWarmUp.class);

    /** No experiment has this id: the queries for reviews and events run, and find nothing. */
    private static final UUID NONE = new UUID(0, 0);

    private static final int ROUNDS = 20;

    private final ReadoutService readouts;
    private final ReadoutRollups rollups;
    private final JsonMapper json;

    ReadoutWarmUp(ReadoutService readouts, ReadoutRollups rollups, JsonMapper json) {
        this.readouts = readouts;
        this.rollups = rollups;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUpInBackground() {
        Thread.ofVirtual()
                .name("readout-warm-up")
                .start(
                        () -> {
                            try {
                                warmUp();
                            } catch (RuntimeException e) {
                                log.warn(
                                        "The readout warm-up failed; the first readout will be"
                                                + " slower ({})",
                                        e.toString());
                            }
                        });
    }

    /** Returns the made-up readout's JSON. */
    String warmUp() {
        rollups.aggregates(NONE, true, "UTC", false);
        rollups.latencyBounds(NONE, ExperimentArm.CONTROL, new double[] {0.9, 0.99}, false);
        String readout = "";
        // Some rounds, so that the JIT compiles the statistics rather than only loading them.
        for (int round = 0; round < ROUNDS; round++) {
            readout =
                    json.writeValueAsString(
                            readouts.readout(
                                    experiment(), "UTC", false, new MadeUp(), new MadeUp()));
        }
        return readout;
    }

    private static Experiment experiment() {
        var stopLoss =
                new Experiment.StopLossSettings(
                        new BigDecimal("0.02"),
                        2,
                        new BigDecimal("0.30"),
                        100,
                        Duration.ofDays(1),
                        new BigDecimal("0.05"),
                        new BigDecimal("0.03"),
                        50);
        return new Experiment(
                NONE,
                "warm-up",
                "warm-up",
                List.of(
                        new ExperimentArm(
                                ExperimentArm.CONTROL, "mini-only", new BigDecimal("0.5"), null),
                        new ExperimentArm(
                                ExperimentArm.TREATMENT,
                                "nano-first",
                                new BigDecimal("0.5"),
                                null)),
                "warm-up",
                ExperimentStatus.RUNNING,
                null,
                null,
                null,
                "UTC",
                stopLoss,
                -1,
                Instant.EPOCH,
                Instant.EPOCH,
                null);
    }

    /** Two arms of a thousand subjects, so that every comparison and interval is computed. */
    private static final class MadeUp implements ReadoutSource {

        @Override
        public Map<String, ArmAggregate> aggregates(
                UUID experimentId, boolean daily, String timeZone, boolean excludeCacheHits) {
            LocalDate day = daily ? LocalDate.EPOCH : null;
            String suffix = daily ? "|" + day : "";
            return Map.of(
                    ExperimentArm.CONTROL + suffix,
                    arm(ExperimentArm.CONTROL, day, 1_100),
                    ExperimentArm.TREATMENT + suffix,
                    arm(ExperimentArm.TREATMENT, day, 1_080));
        }

        @Override
        public double[] latencyBounds(
                UUID experimentId, String arm, double[] fractions, boolean excludeCacheHits) {
            return new double[] {900, 1_100};
        }

        private static ArmAggregate arm(String name, LocalDate day, long successes) {
            ArmAggregate a = new ArmAggregate(name, day);
            a.subjects = 1_000;
            a.tasks = 1_200;
            a.successes = successes;
            a.subjectTasks = new double[] {1_200, 1_600};
            a.subjectSuccesses = new double[] {successes, successes * 1.3, successes * 1.35};
            a.subjectCosts = new double[] {0.6, 0.0005, 0.0006};
            a.cost = new BigDecimal("0.600000000");
            a.latency = new double[] {400, 1_000, 1_500};
            a.attempts = 1_400;
            return a;
        }
    }
}
