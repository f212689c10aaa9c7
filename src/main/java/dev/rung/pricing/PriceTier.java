package dev.rung.pricing;

import java.util.Locale;

/**
 * Which of a provider's price lists a call is billed from: the standard one, flex (a synchronous
 * call at batch prices) or batch. Stored lower-case in {@code model_price.service_tier}, as OpenAI
 * spells the tiers ("default" for standard).
 */
public enum PriceTier {
    STANDARD,
    FLEX,
    BATCH;

    public String wire() {
        return this == STANDARD ? "default" : name().toLowerCase(Locale.ROOT);
    }

    public static PriceTier of(String wire) {
        return "default".equals(wire) ? STANDARD : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
