package dev.rung.pricing.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import dev.rung.pricing.ModelPrice;
import dev.rung.pricing.PriceBook;
import dev.rung.pricing.PriceTier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads {@code model_price} and keeps it in memory for a minute: prices change rarely, and pricing
 * every attempt must not cost a query.
 */
@Component
class ModelPriceTable implements PriceBook {

    private static final Logger log = LoggerFactory.getLogger(ModelPriceTable.class);
    private static final String ALL = "all";

    private final JdbcClient jdbc;
    private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();
    private final LoadingCache<String, Map<String, List<ModelPrice>>> prices;

    ModelPriceTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.prices =
                Caffeine.newBuilder().refreshAfterWrite(Duration.ofMinutes(1)).build(key -> load());
    }

    @Override
    public Optional<ModelPrice> priceAt(String model, PriceTier tier, Instant at) {
        Optional<ModelPrice> price =
                prices.get(ALL).getOrDefault(key(model, tier), List.of()).stream()
                        .filter(candidate -> !candidate.effectiveFrom().isAfter(at))
                        .max(Comparator.comparing(ModelPrice::effectiveFrom));
        if (price.isEmpty() && warnedModels.add(key(model, tier))) {
            log.warn(
                    "No {} price for model {} at {}: its attempts are stored with cost NULL until"
                            + " a model_price row covers it",
                    tier.wire(),
                    model,
                    at);
        }
        return price;
    }

    private Map<String, List<ModelPrice>> load() {
        return jdbc
                .sql(
                        """
                        select model, input_per_million, cached_input_per_million, output_per_million, effective_from,
                               service_tier, cache_write_per_million
                        from model_price\
                        """)
                .query(
                        (rs, row) ->
                                Map.entry(
                                        key(rs.getString(1), PriceTier.of(rs.getString(6))),
                                        new ModelPrice(
                                                rs.getString(1),
                                                rs.getBigDecimal(2),
                                                rs.getBigDecimal(3),
                                                rs.getBigDecimal(4),
                                                rs.getBigDecimal(7),
                                                rs.getTimestamp(
                                                                5,
                                                                java.util.Calendar.getInstance(
                                                                        java.util.TimeZone
                                                                                .getTimeZone(
                                                                                        "UTC")))
                                                        .toInstant())))
                .list()
                .stream()
                .collect(
                        Collectors.groupingBy(
                                Map.Entry::getKey,
                                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** Prices are kept by model and tier together. */
    private static String key(String model, PriceTier tier) {
        return model + '\0' + tier.wire();
    }
}
