package dev.rung.replays.internal;

import dev.rung.replays.ReplayJobs;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@link ReplayJobs} over the same store, starter and readouts the API uses. */
@Component
class ReplayJobsService implements ReplayJobs {

    private final ReplayStarter starter;
    private final ReplayStore store;
    private final ReplayReadouts readouts;

    ReplayJobsService(ReplayStarter starter, ReplayStore store, ReplayReadouts readouts) {
        this.starter = starter;
        this.store = store;
        this.readouts = readouts;
    }

    @Override
    public UUID replayWindow(
            String taskType,
            String policy,
            Instant from,
            Instant to,
            BigDecimal spendCapUsd,
            String actor) {
        return starter.start(
                        new ReplayRequest(
                                taskType,
                                policy,
                                "window",
                                from,
                                to,
                                null,
                                null,
                                "B",
                                spendCapUsd,
                                actor))
                .id();
    }

    @Override
    public Optional<Summary> summary(UUID id) {
        return store.find(id).map(this::summary);
    }

    private Summary summary(ReplayView replay) {
        ReplayReadout readout = readouts.readout(replay);
        ReplayReadout.Side side = readout.arms().getLast();
        return new Summary(
                replay.id(),
                replay.policy(),
                replay.status(),
                replay.candidates(),
                replay.processed(),
                replay.skippedErased(),
                side.tasks(),
                side.successes(),
                side.passRate().share(),
                side.costPerSuccessUsd(),
                readout.agreement().share(),
                side.reviewedAccuracy().share());
    }
}
