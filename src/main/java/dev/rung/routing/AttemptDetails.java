package dev.rung.routing;

import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.TokenUsage;
import dev.rung.task.RenderedPrompt;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one attempt into its ledger record, with the evidence and the decision that followed it.
 */
final class AttemptDetails {

    private static final int RAW_EXCERPT_LENGTH = 500;

    private AttemptDetails() {}

    static AttemptRecord record(
            int sequence,
            int rung,
            String provider,
            String model,
            RenderedPrompt prompt,
            ModelOutcome outcome,
            AttemptVerdict verdict,
            Decision decision,
            Optional<BigDecimal> cost,
            Instant started,
            boolean escalatedWithContext) {
        Map<String, Object> detail = new LinkedHashMap<>();
        switch (verdict) {
            case AttemptVerdict.Passed passed -> detail.putAll(passed.pass().evidence());
            case AttemptVerdict.Verified verified -> detail.putAll(verified.evidence());
            case AttemptVerdict.CheckFailed failed -> detail.putAll(failed.outcome().evidence());
            case AttemptVerdict.NotRun notRun ->
                    notRun.retryAfter()
                            .ifPresent(wait -> detail.put("retryAfterMs", wait.toMillis()));
            case AttemptVerdict.ProviderFailed failed -> {
                detail.put("httpStatus", failed.failure().httpStatus());
                failed.failure().errorCode().ifPresent(code -> detail.put("errorCode", code));
                detail.put("message", failed.failure().message());
                failed.failure()
                        .retryAfter()
                        .ifPresent(wait -> detail.put("retryAfterMs", wait.toMillis()));
            }
        }
        if (outcome instanceof ModelOutcome.Answer answer) {
            detail.put(
                    "finishReason",
                    answer.finishReason().name().toLowerCase(java.util.Locale.ROOT));
            if (verdict instanceof AttemptVerdict.CheckFailed && !answer.rawText().isEmpty()) {
                detail.put("rawExcerpt", excerpt(answer.rawText()));
                // The answer the check judged: reviewed truth tells whether the check was right to
                // fail it (the check-quality report). An accepted answer is the task's result.
                // A verifier's rejection already holds the draft it judged.
                answer.parsed().ifPresent(parsed -> detail.putIfAbsent("answer", parsed));
            }
        }
        if (outcome instanceof ModelOutcome.Answer answer && answer.usage().cacheWriteInput() > 0) {
            // Part of the input tokens, billed at the cache write price (Anthropic's prompt
            // caching); the ledger's columns keep OpenAI's shape, so the count lives here.
            detail.put("cacheWriteTokens", answer.usage().cacheWriteInput());
        }
        if (escalatedWithContext) {
            detail.put("escalatedWithContext", true);
        }
        detail.put("next", decision.code());
        switch (decision) {
            case Decision.Accept accept -> {
                if (!accept.superseded().isEmpty()) {
                    detail.put("superseded", accept.superseded());
                }
            }
            case Decision.Verify verify -> {}
            case Decision.RetrySameRung retry -> detail.put("retryInMs", retry.delay().toMillis());
            case Decision.NextRung next -> detail.put("why", next.reason());
            case Decision.Superseded superseded ->
                    detail.put("why", "its hedged twin answered first");
            case Decision.Stop stop ->
                    detail.put("why", stop.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!outcome.providerHeaders().isEmpty()) {
            detail.put("providerHeaders", outcome.providerHeaders());
        }
        TokenUsage usage =
                outcome instanceof ModelOutcome.Answer answer ? answer.usage() : TokenUsage.NONE;
        String answeredModel =
                outcome instanceof ModelOutcome.Answer answer ? answer.modelAnswered() : null;
        return new AttemptRecord(
                sequence,
                rung,
                provider,
                model,
                answeredModel,
                prompt.version(),
                prompt.sha256(),
                verdict.code(),
                detail,
                new AttemptRecord.Tokens(
                        usage.input(), usage.cachedInput(), usage.output(), usage.reasoning()),
                cost.orElse(null),
                outcome.latency(),
                outcome.requestId().orElse(null),
                started,
                started.plus(outcome.latency()));
    }

    private static String excerpt(String text) {
        return text.length() <= RAW_EXCERPT_LENGTH
                ? text
                : text.substring(0, RAW_EXCERPT_LENGTH) + "…";
    }
}
