package dev.rung.experiments.internal;

import dev.rung.web.DatabaseOutage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Evaluates the stop-loss of every running experiment once per period boundary (period n ends n
 * periods after the start). A boundary is claimed in the database first, so with several replicas
 * each boundary is evaluated exactly once.
 */
@Component
@EnableScheduling
class StopLossSchedule {

    private static final Logger log = LoggerFactory.getLogger(StopLossSchedule.class);

    private final ExperimentRepository experiments;
    private final StopLoss stopLoss;

    StopLossSchedule(ExperimentRepository experiments, StopLoss stopLoss) {
        this.experiments = experiments;
        this.stopLoss = stopLoss;
    }

    @Scheduled(fixedDelayString = "${rung.experiments.boundary-check-interval:15s}")
    void evaluateDueBoundaries() {
        try {
            for (Experiment e : experiments.live()) {
                if (e.status() != ExperimentStatus.RUNNING || e.startedAt() == null) {
                    continue;
                }
                long elapsed = Duration.between(e.startedAt(), Instant.now()).toMillis();
                long boundary = elapsed / e.stopLoss().period().toMillis();
                if (boundary >= 1
                        && boundary > e.lastEvaluatedPeriod()
                        && experiments.claimPeriod(e.id(), boundary)) {
                    stopLoss.evaluate(e, boundary);
                }
            }
        } catch (RuntimeException error) {
            if (DatabaseOutage.causedBy(error)) {
                log.warn(
                        "Stop-loss evaluation skipped: the database cannot be reached ({}); it is"
                                + " tried again at the next check",
                        DatabaseOutage.describe(error));
                return;
            }
            log.error("Stop-loss evaluation failed; it is tried again at the next check", error);
        }
    }
}
