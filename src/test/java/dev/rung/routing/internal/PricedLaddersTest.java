package dev.rung.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.rung.pricing.ModelPrice;
import dev.rung.pricing.PriceBook;
import dev.rung.task.Tier;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model a policy names without a price in effect stops the service, naming the model; a test may
 * opt out.
 */
class PricedLaddersTest {

    private static final Instant LAST_YEAR = Instant.now().minus(Duration.ofDays(365));

    /** Prices for nano and mini since last year, and one for gpt-5.4 from next year only. */
    private final PriceBook prices =
            (model, tier, at) ->
                    switch (model) {
                        case "gpt-5.4-nano", "gpt-5.4-mini" -> Optional.of(price(model, LAST_YEAR));
                        case "gpt-5.4" ->
                                Optional.of(price(model, Instant.now().plus(Duration.ofDays(365))))
                                        .filter(price -> !price.effectiveFrom().isAfter(at));
                        default -> Optional.empty();
                    };

    @Test
    void everyModelOfEveryPolicyPricedStarts() {
        assertThatCode(
                        () ->
                                new PricedLadders(
                                                properties(true, "gpt-5.4-nano", "gpt-5.4-mini"),
                                                prices)
                                        .afterSingletonsInstantiated())
                .doesNotThrowAnyException();
    }

    @Test
    void aModelWithoutAPriceInEffectStopsTheStartNamingIt() {
        assertThatIllegalStateException()
                .isThrownBy(
                        () ->
                                new PricedLadders(
                                                properties(
                                                        true,
                                                        "gpt-5.4-nano",
                                                        "gpt-5.4",
                                                        "gpt-6-preview"),
                                                prices)
                                        .afterSingletonsInstantiated())
                .withMessageStartingWith("No price in effect for gpt-5.4, gpt-6-preview:")
                .withMessageContaining("rung.routing.require-prices=false");
    }

    @Test
    void aTestProfileMayRunWithUnknownCosts() {
        assertThatCode(
                        () ->
                                new PricedLadders(properties(false, "gpt-6-preview"), prices)
                                        .afterSingletonsInstantiated())
                .doesNotThrowAnyException();
        assertThat(prices.priceAt("gpt-6-preview", Instant.now())).isEmpty();
    }

    private static ModelPrice price(String model, Instant from) {
        return new ModelPrice(model, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, from);
    }

    private static RoutingProperties properties(boolean requirePrices, String... ladder) {
        var models = new java.util.LinkedHashMap<String, RoutingProperties.ModelSettings>();
        for (String model : ladder) {
            models.put(
                    model,
                    new RoutingProperties.ModelSettings(
                            dev.rung.gateway.ReasoningEffort.NONE, true, false));
        }
        return new RoutingProperties(
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                8,
                new RoutingProperties.BackoffSettings(
                        Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2),
                models,
                Map.of(
                        "only",
                        new RoutingProperties.PolicySettings(
                                List.of(ladder),
                                2,
                                false,
                                dev.rung.routing.Policy.NoCapacity.FALL_BACK,
                                false,
                                dev.rung.routing.Policy.Hedge.NONE)),
                Map.of(Tier.A, "only", Tier.B, "only"),
                Map.of(),
                requirePrices,
                new RoutingProperties.FlexSettings(
                        Map.of(), Map.of(), Duration.ofMinutes(15), Duration.ofMinutes(15)));
    }
}
