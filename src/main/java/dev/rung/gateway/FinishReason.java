package dev.rung.gateway;

import java.util.Locale;

/** Why the model stopped; {@link #LENGTH} means the answer was cut off at the token cap. */
public enum FinishReason {
    STOP,
    LENGTH,
    CONTENT_FILTER,
    OTHER;

    /** As the Chat Completions wire spells it ({@code finish_reason}); null or unknown: other. */
    public static FinishReason of(String wire) {
        if (wire == null) {
            return OTHER;
        }
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "stop" -> STOP;
            case "length" -> LENGTH;
            case "content_filter" -> CONTENT_FILTER;
            default -> OTHER;
        };
    }
}
