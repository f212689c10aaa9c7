package dev.rung.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Prices model calls with the price in effect at the time of the call. */
public interface PriceBook {

    /** The model's standard price at that time. */
    default Optional<ModelPrice> priceAt(String model, Instant at) {
        return priceAt(model, PriceTier.STANDARD, at);
    }

    /** The model's price on one tier (flex, batch) at that time. */
    Optional<ModelPrice> priceAt(String model, PriceTier tier, Instant at);

    /** The cost of one call, or empty when no price is known for the model at that time. */
    default Optional<BigDecimal> cost(String model, BilledTokens usage, Instant at) {
        return cost(model, PriceTier.STANDARD, usage, at);
    }

    /** The cost of one call billed on a tier; empty when the tier has no price for the model. */
    default Optional<BigDecimal> cost(
            String model, PriceTier tier, BilledTokens usage, Instant at) {
        return priceAt(model, tier, at).map(price -> price.costOf(usage));
    }
}
