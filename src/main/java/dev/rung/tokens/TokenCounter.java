package dev.rung.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.List;

/**
 * Counts tokens the way OpenAI bills GPT-5 family chat calls: o200k_base, plus the per-message
 * framing (3 tokens a message and 3 to prime the reply, as in OpenAI's published counting recipe).
 * Used to estimate a call's tokens before it is made, and by the simulator to count them.
 */
public final class TokenCounter {

    private static final Encoding O200K =
            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final int PER_MESSAGE = 3;
    private static final int REPLY_PRIMER = 3;

    private TokenCounter() {}

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
    }

    /**
     * The prompt's tokens: the first message is the instructions, the rest the task's input. The
     * instructions are the same on every call of a prompt version, so their count is remembered; a
     * task's input is counted once per attempt (see {@link ModelRequest#promptTokens()}).
     */
    public static int promptTokens(List<String> messageContents) {
        int tokens = REPLY_PRIMER;
        for (int i = 0; i < messageContents.size(); i++) {
            String content = messageContents.get(i);
            tokens += (i == 0 ? instructionTokens(content) : count(content)) + PER_MESSAGE;
        }
        return tokens;
    }

    /** The same count for a system message and a user message. */
    public static int promptTokens(String systemMessage, String userMessage) {
        return instructionTokens(systemMessage)
                + count(userMessage)
                + 2 * PER_MESSAGE
                + REPLY_PRIMER;
    }

    /** The tokens of fixed instructions, remembered. */
    public static int instructionTokens(String systemMessage) {
        return INSTRUCTION_COUNTS.get(systemMessage, TokenCounter::count);
    }

    /**
     * Maintenance on the caller's thread: handing it to a pool costs a thread wake-up per new
     * entry.
     */
    private static final Cache<String, Integer> INSTRUCTION_COUNTS =
            Caffeine.newBuilder().maximumSize(256).executor(Runnable::run).build();
}
