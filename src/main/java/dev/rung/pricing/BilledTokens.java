package dev.rung.pricing;

/**
 * The tokens a call is billed for.
 *
 * @param input every prompt token, the cached ones and those written to the cache included
 * @param cachedInput the prompt tokens read from the provider's cache, billed at the cached price
 * @param output every completion token, reasoning included
 * @param cacheWriteInput the prompt tokens written to the provider's cache, billed at the cache
 *     write price (Anthropic's; other providers write none)
 */
public record BilledTokens(long input, long cachedInput, long output, long cacheWriteInput) {

    public BilledTokens(long input, long cachedInput, long output) {
        this(input, cachedInput, output, 0);
    }

    /** Prompt tokens billed at the plain input price. */
    public long uncachedInput() {
        return input - cachedInput - cacheWriteInput;
    }
}
