package dev.rung.gateway;

/** What kind of provider failure happened; decides retry, fall back or fail fast. */
public enum FailureClass {
    /** 429 rate_limit_exceeded: capacity comes back after the reset, so waiting helps. */
    RATE_LIMITED(true),
    /**
     * 429 insufficient_quota: billing, not load; no retry on any model of this account can succeed.
     */
    QUOTA_EXHAUSTED(false),
    /**
     * 429 on a flex call that is neither a rate limit nor the quota: flex has no capacity now. The
     * standard tier does, so the same call goes there at once, without waiting.
     */
    CAPACITY_UNAVAILABLE(true),
    /**
     * The provider as a whole has no capacity now (Anthropic's 529 {@code overloaded_error},
     * Gemini's 503 {@code UNAVAILABLE}): not this account's limit, so waiting on the same provider
     * helps least; the next rung, often at another vendor, is tried at once.
     */
    OVERLOADED(true),
    /** 5xx: the provider's fault, usually transient. */
    PROVIDER_ERROR(true),
    /** No answer within the call's timeout. */
    TIMEOUT(true),
    /** 400/404/422: the request itself is wrong; repeating it gives the same answer. */
    BAD_REQUEST(false),
    /** 401/403: the credentials are wrong; every further call would fail the same way. */
    AUTH_ERROR(false),
    /**
     * Rung cancelled the call itself: a hedged call's twin answered first. Says nothing about the
     * provider, and is never retried.
     */
    CANCELLED(false);

    private final boolean transientFailure;

    FailureClass(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** Whether the same call may succeed if tried again later. */
    public boolean isTransient() {
        return transientFailure;
    }
}
