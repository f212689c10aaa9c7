package dev.rung.gateway;

/**
 * Tokens of one call as the provider counted them, in one shape whichever provider it was. {@code
 * input} is every prompt token; {@code cachedInput} (read from the provider's cache) and {@code
 * cacheWriteInput} (written to it, which Anthropic bills above the input price) are part of it;
 * {@code reasoning} is part of {@code output} and billed as output.
 */
public record TokenUsage(
        long input, long cachedInput, long output, long reasoning, long cacheWriteInput) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    /** Usage of a provider that does not bill cache writes apart (OpenAI, Gemini). */
    public TokenUsage(long input, long cachedInput, long output, long reasoning) {
        this(input, cachedInput, output, reasoning, 0);
    }

    public long uncachedInput() {
        return input - cachedInput;
    }
}
