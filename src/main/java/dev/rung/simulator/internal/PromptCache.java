package dev.rung.simulator.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Mimics OpenAI's automatic prompt caching: a prefix of at least 1,024 tokens seen recently for the
 * same model and cache key is served from cache, in 128-token steps; entries expire after minutes
 * of disuse.
 */
@Component
class PromptCache {

    static final int MINIMUM_TOKENS = 1024;
    static final int STEP = 128;

    private final Cache<String, Boolean> seen =
            Caffeine.newBuilder()
                    .expireAfterAccess(Duration.ofMinutes(10))
                    .maximumSize(10_000)
                    .executor(
                            Runnable::run) // maintenance on the caller's thread, not a pool thread
                    // woken per call
                    .build();

    /** Cached tokens of this call's prefix; records the prefix for the next call. */
    int cachedTokens(String model, String cacheKey, String prefix, int prefixTokens) {
        if (prefixTokens < MINIMUM_TOKENS) {
            return 0;
        }
        String key = model + '\0' + cacheKey + '\0' + prefix.hashCode() + '\0' + prefix.length();
        boolean hit = seen.getIfPresent(key) != null;
        seen.put(key, Boolean.TRUE);
        return hit ? MINIMUM_TOKENS + (prefixTokens - MINIMUM_TOKENS) / STEP * STEP : 0;
    }
}
