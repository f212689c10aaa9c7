package dev.rung.gateway;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;

/**
 * Counts tokens the way OpenAI bills GPT-5 family chat calls: o200k_base, plus the per-message framing
 * (3 tokens a message and 3 to prime the reply, as in OpenAI's published counting recipe). Used to
 * estimate a call's tokens before it is made, and by the simulator to count them.
 */
public final class TokenCounter {

    private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final int PER_MESSAGE = 3;
    private static final int REPLY_PRIMER = 3;

    private TokenCounter() {
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
    }

    /**
     * The prompt's tokens: the first message is the instructions, the rest the task's input. Encoding is the
     * costly part, so counts are remembered: a prompt version's fixed instructions are the same on every call,
     * and a task's user message is counted by the spend estimate, the rate limiter, again on each retry or
     * escalation, and by the simulator that answers it.
     */
    public static int promptTokens(List<String> messageContents) {
        int tokens = REPLY_PRIMER;
        for (int i = 0; i < messageContents.size(); i++) {
            tokens += (i == 0 ? instructionTokens(messageContents.get(i)) : USER_COUNTS.get(messageContents.get(i),
                    TokenCounter::count)) + PER_MESSAGE;
        }
        return tokens;
    }

    /** The same count for a system message and a user message. */
    public static int promptTokens(String systemMessage, String userMessage) {
        return instructionTokens(systemMessage) + USER_COUNTS.get(userMessage, TokenCounter::count)
                + 2 * PER_MESSAGE + REPLY_PRIMER;
    }

    /** The tokens of fixed instructions, remembered. */
    public static int instructionTokens(String systemMessage) {
        return SYSTEM_COUNTS.get(systemMessage, TokenCounter::count);
    }

    private static final Cache<String, Integer> SYSTEM_COUNTS = Caffeine.newBuilder().maximumSize(256).build();
    private static final Cache<String, Integer> USER_COUNTS = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();
}
