package dev.rung.routing;

import dev.rung.task.RenderedPrompt;

import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one task as they end: each turned into its ledger record, reported to the sink
 * (completing the row written before its call) and to the metrics, and kept for the task's answer.
 */
final class AttemptRecorder {

    private final String taskType;
    private final Route route;
    private final RenderedPrompt prompt;

    /** The provider serving a model, stored with its attempts. */
    private final java.util.function.UnaryOperator<String> providerOf;

    private final AttemptSink sink;
    private final RoutingMetrics metrics;
    private final List<AttemptRecord> attempts = new ArrayList<>();

    /** Attempts the task made before this walk (earlier batch lines): numbering goes on after. */
    private final int earlier;

    AttemptRecorder(
            String taskType,
            Route route,
            RenderedPrompt prompt,
            java.util.function.UnaryOperator<String> providerOf,
            AttemptSink sink,
            RoutingMetrics metrics,
            int earlier) {
        this.earlier = earlier;
        this.taskType = taskType;
        this.route = route;
        this.prompt = prompt;
        this.providerOf = providerOf;
        this.sink = sink;
        this.metrics = metrics;
    }

    /**
     * @param rung the ladder position, from 0
     * @param userMessage the user message the attempt's rung was asked with
     */
    void add(LadderStep.Attempted attempted, Decision decision, int rung, String userMessage) {
        AttemptRecord attempt =
                AttemptDetails.record(
                        nextSequence(),
                        rung + 1,
                        providerOf.apply(attempted.model()),
                        attempted.model(),
                        prompt,
                        attempted.outcome(),
                        attempted.verdict(),
                        decision,
                        attempted.cost(),
                        attempted.started(),
                        route.policy().escalateWithContext()
                                && rung > 0
                                && !userMessage.equals(prompt.user()));
        switch (attempted) {
            case LadderStep.Attempted.Sent sent -> sink.ended(sent.attemptId(), attempt);
            case LadderStep.Attempted.NotSent notSent -> sink.unsent(attempt);
        }
        metrics.attempt(taskType, route, attempt);
        attempts.add(attempt);
    }

    /** The sequence number of the task's next attempt. */
    int nextSequence() {
        return earlier + attempts.size() + 1;
    }

    int size() {
        return attempts.size();
    }

    List<AttemptRecord> all() {
        return List.copyOf(attempts);
    }
}
