package dev.rung.gateway;

/**
 * Tokens of one call as the provider counted them. {@code cachedInput} is part of {@code input};
 * {@code reasoning} is part of {@code output} and billed as output.
 */
public record TokenUsage(long input, long cachedInput, long output, long reasoning) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public long uncachedInput() {
        return input - cachedInput;
    }
}
