package dev.rung.gateway;

import java.util.Locale;

/** GPT-5.4 family reasoning effort; sampling parameters are only allowed with {@link #NONE}. */
public enum ReasoningEffort {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    XHIGH;

    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
