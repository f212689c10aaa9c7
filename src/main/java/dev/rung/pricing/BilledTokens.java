package dev.rung.pricing;

/**
 * The tokens a call is billed for.
 *
 * @param input every prompt token, the cached ones included
 * @param cachedInput the prompt tokens read from the provider's cache, billed at the cached price
 * @param output every completion token, reasoning included
 */
public record BilledTokens(long input, long cachedInput, long output) {

    public long uncachedInput() {
        return input - cachedInput;
    }
}
