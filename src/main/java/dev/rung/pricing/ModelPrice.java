package dev.rung.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * USD per 1M tokens for one model, in effect from {@code effectiveFrom}. {@code cacheWriteInput} is
 * the price of a prompt token written to the provider's cache; where a provider bills no such thing
 * it is the input price.
 */
public record ModelPrice(
        String model,
        BigDecimal input,
        BigDecimal cachedInput,
        BigDecimal output,
        BigDecimal cacheWriteInput,
        Instant effectiveFrom) {

    /** Cost scale of the ledger's {@code numeric(18,9)}: a billionth of a dollar. */
    public static final int COST_SCALE = 9;

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        cacheWriteInput = cacheWriteInput == null ? input : cacheWriteInput;
    }

    public ModelPrice(
            String model,
            BigDecimal input,
            BigDecimal cachedInput,
            BigDecimal output,
            Instant effectiveFrom) {
        this(model, input, cachedInput, output, input, effectiveFrom);
    }

    /**
     * Uncached input at the input price, cached input at the cached price, input written to the
     * cache at the cache write price, and all output tokens (reasoning included, as OpenAI bills
     * it) at the output price.
     */
    public BigDecimal costOf(BilledTokens usage) {
        BigDecimal perMillion =
                input.multiply(BigDecimal.valueOf(usage.uncachedInput()))
                        .add(cachedInput.multiply(BigDecimal.valueOf(usage.cachedInput())))
                        .add(cacheWriteInput.multiply(BigDecimal.valueOf(usage.cacheWriteInput())))
                        .add(output.multiply(BigDecimal.valueOf(usage.output())));
        return perMillion.divide(MILLION, COST_SCALE, RoundingMode.HALF_UP);
    }
}
