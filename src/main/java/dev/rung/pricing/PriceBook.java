package dev.rung.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Prices model calls with the price in effect at the time of the call. */
public interface PriceBook {

    Optional<ModelPrice> priceAt(String model, Instant at);

    /** The cost of one call, or empty when no price is known for the model at that time. */
    default Optional<BigDecimal> cost(String model, BilledTokens usage, Instant at) {
        return priceAt(model, at).map(price -> price.costOf(usage));
    }
}
