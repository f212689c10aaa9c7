package dev.rung.intake.internal;

import dev.rung.knowledge.SourceUse;
import dev.rung.ledger.FinishedAttempt;
import dev.rung.ledger.StartedAttempt;
import dev.rung.ledger.TaskLedger;
import dev.rung.routing.AttemptRecord;
import dev.rung.routing.AttemptSink;
import dev.rung.routing.AttemptStart;
import dev.rung.task.SourcePassage;

import java.util.List;
import java.util.UUID;

/**
 * A task's attempts into the ledger, as the router reports them: routing's records mapped to the
 * ledger's own. With {@code batchLine} an attempt that starts is a batch line, after which the task
 * waits for its batch.
 */
record LedgerSink(TaskLedger ledger, SourceUse sources, UUID taskId, boolean batchLine)
        implements AttemptSink {

    LedgerSink(TaskLedger ledger, SourceUse sources, UUID taskId) {
        this(ledger, sources, taskId, false);
    }

    @Override
    public void given(String source, List<SourcePassage> passages) {
        sources.given(taskId, source, passages.stream().map(SourcePassage::id).toList());
    }

    @Override
    public void cited(String source, List<String> passageIds) {
        sources.cited(taskId, source, passageIds);
    }

    @Override
    public UUID started(AttemptStart a) {
        StartedAttempt started = toStarted(a);
        return batchLine
                ? ledger.startBatched(taskId, started)
                : ledger.startAttempt(taskId, started);
    }

    private static StartedAttempt toStarted(AttemptStart a) {
        return new StartedAttempt(
                a.sequence(),
                a.rung(),
                a.provider(),
                a.model(),
                a.promptVersion(),
                a.promptSha256(),
                a.promptTokens(),
                a.promptCostUsd(),
                a.maxCostUsd(),
                a.reservationId(),
                a.startedAt(),
                a.serviceTier());
    }

    @Override
    public void ended(UUID attemptId, AttemptRecord attempt) {
        ledger.endAttempt(taskId, attemptId, finished(attempt));
    }

    @Override
    public void unsent(AttemptRecord attempt) {
        ledger.recordUnsent(taskId, finished(attempt));
    }

    static FinishedAttempt finished(AttemptRecord a) {
        return new FinishedAttempt(
                a.sequence(),
                a.rung(),
                a.provider(),
                a.modelRequested(),
                a.modelAnswered(),
                a.promptVersion(),
                a.promptSha256(),
                a.outcome(),
                a.detail(),
                new FinishedAttempt.Tokens(
                        a.usage().input(),
                        a.usage().cachedInput(),
                        a.usage().output(),
                        a.usage().reasoning()),
                a.costUsd(),
                a.latency(),
                a.providerRequestId(),
                a.startedAt(),
                a.finishedAt());
    }
}
