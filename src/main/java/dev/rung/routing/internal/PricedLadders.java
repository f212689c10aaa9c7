package dev.rung.routing.internal;

import dev.rung.pricing.PriceBook;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * No price, no free call: a model on any policy's ladder without a {@code model_price} row in
 * effect would be stored with an unknown cost and spend nothing against a budget. Checked once
 * every bean (and so the database migration, which seeds the prices) is ready, before the service
 * takes traffic.
 */
@Component
@ConditionalOnBooleanProperty(
        name = "rung.migrate-and-exit",
        havingValue = false,
        matchIfMissing = true)
class PricedLadders implements SmartInitializingSingleton {

    private final RoutingProperties properties;
    private final PriceBook prices;

    PricedLadders(RoutingProperties properties, PriceBook prices) {
        this.properties = properties;
        this.prices = prices;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.requirePrices()) {
            return;
        }
        Instant now = Instant.now();
        List<String> unpriced =
                properties.policies().values().stream()
                        .flatMap(policy -> policy.ladder().stream())
                        .distinct()
                        .filter(model -> prices.priceAt(model, now).isEmpty())
                        .toList();
        if (!unpriced.isEmpty()) {
            throw new IllegalStateException(
                    "No price in effect for "
                            + String.join(", ", new TreeSet<>(unpriced))
                            + ": every model a routing policy names needs a model_price row (model,"
                            + " input_per_million, cached_input_per_million, output_per_million,"
                            + " effective_from) with effective_from in the past; add one in a"
                            + " Flyway migration, or set rung.routing.require-prices=false to run"
                            + " with unknown costs");
        }
    }
}
