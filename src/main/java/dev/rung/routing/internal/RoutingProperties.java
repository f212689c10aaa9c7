package dev.rung.routing.internal;

import dev.rung.gateway.ReasoningEffort;
import dev.rung.task.Tier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code rung.routing}: models, named policies, which policy each tier gets (per task type if
 * wanted), the task deadline and attempt cap, and the retry backoff.
 *
 * @param requirePrices every model a policy names must have a {@code model_price} row in effect, or
 *     the service does not start: a call with no price would be counted as free in budgets and
 *     readouts
 */
@Validated
@ConfigurationProperties("rung.routing")
public record RoutingProperties(
        @DefaultValue("60s") Duration deadline,
        @DefaultValue("30s") Duration callTimeout,
        @DefaultValue("8") @Min(1) int maxAttempts,
        @NotNull @Valid BackoffSettings backoff,
        @NotEmpty Map<String, @Valid ModelSettings> models,
        @NotEmpty Map<String, @Valid PolicySettings> policies,
        @NotNull Map<Tier, String> tierPolicies,
        @DefaultValue Map<String, @Valid TaskTypeRouting> taskTypes,
        @DefaultValue("true") boolean requirePrices,
        @NotNull @DefaultValue @Valid FlexSettings flex) {

    /**
     * How a policy with {@code flex: true} sends the tasks that can wait (queued ones: asynchronous
     * calls and webhooks; and reruns: replays, shadows, router evaluations) on OpenAI's flex tier.
     *
     * @param taskTypes per task type, false keeps its tasks on the standard tier
     * @param sources per source (api for asynchronous calls, a webhook source such as hubspot,
     *     replay for reruns), false keeps its tasks on the standard tier
     * @param timeout a flex call's timeout (OpenAI advises raising it to 15 minutes)
     * @param deadline the task's own deadline when its calls may go on flex
     */
    public record FlexSettings(
            @DefaultValue Map<String, Boolean> taskTypes,
            @DefaultValue Map<String, Boolean> sources,
            @DefaultValue("15m") Duration timeout,
            @DefaultValue("15m") Duration deadline) {}

    /**
     * @param tierA false for models too weak for high-stakes work: a Tier A ladder may never
     *     contain them
     */
    public record ModelSettings(
            @DefaultValue("NONE") ReasoningEffort reasoningEffort,
            @DefaultValue("true") boolean tierA,
            /* The provider offers this model on the flex tier. */
            @DefaultValue("false") boolean flex) {}

    public record PolicySettings(
            @NotEmpty List<String> ladder,
            @DefaultValue("2") @Min(0) int maxRetriesPerRung,
            @DefaultValue("false") boolean escalateWithContext,
            @DefaultValue("FALL_BACK") dev.rung.routing.Policy.NoCapacity whenNoCapacity,
            @DefaultValue("false") boolean flex,
            /* Race a call that runs past its model's observed p95: none, same-rung or next-rung. */
            @DefaultValue("NONE") dev.rung.routing.Policy.Hedge hedge) {}

    /**
     * @param tier forces every task of this type into a tier (e.g. A for customer-facing replies)
     */
    public record TaskTypeRouting(Tier tier, Map<Tier, String> tierPolicies) {}

    public record BackoffSettings(
            @DefaultValue("200ms") Duration initial,
            @DefaultValue("5s") Duration max,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("0.2") double jitter) {}
}
