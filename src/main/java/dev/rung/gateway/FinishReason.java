package dev.rung.gateway;

/** Why the model stopped; {@link #LENGTH} means the answer was cut off at the token cap. */
public enum FinishReason {
    STOP,
    LENGTH,
    CONTENT_FILTER,
    OTHER
}
