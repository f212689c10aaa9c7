package dev.rung.simulator.internal;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-model, per-minute request and token counters, reported in {@code x-ratelimit-*} headers the
 * way OpenAI reports an organisation's limits. The simulator itself never enforces them; 429s come
 * from the scenario.
 */
@Component
class RateWindow {

    private final Clock clock = Clock.systemUTC();
    private final Map<String, long[]> minuteByModel = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tokens = new ConcurrentHashMap<>();

    /** This minute's usage of a model after the call, and the headers that report it. */
    record Usage(long requests, long tokens, HttpHeaders headers) {
        boolean over(long requestLimit, long tokenLimit) {
            return requests > requestLimit || tokens > tokenLimit;
        }
    }

    Usage record(String model, long tokensUsed, long requestLimit, long tokenLimit) {
        long now = clock.millis();
        long minute = now / 60_000;
        long[] current = minuteByModel.computeIfAbsent(model, name -> new long[] {minute});
        synchronized (current) {
            if (current[0] != minute) {
                current[0] = minute;
                requests.computeIfAbsent(model, name -> new AtomicLong()).set(0);
                tokens.computeIfAbsent(model, name -> new AtomicLong()).set(0);
            }
        }
        long usedRequests =
                requests.computeIfAbsent(model, name -> new AtomicLong()).incrementAndGet();
        long usedTokens =
                tokens.computeIfAbsent(model, name -> new AtomicLong()).addAndGet(tokensUsed);
        Duration untilReset = Duration.ofMillis(60_000 - now % 60_000);
        HttpHeaders headers = new HttpHeaders();
        headers.set("x-ratelimit-limit-requests", String.valueOf(requestLimit));
        headers.set("x-ratelimit-limit-tokens", String.valueOf(tokenLimit));
        headers.set(
                "x-ratelimit-remaining-requests",
                String.valueOf(Math.max(0, requestLimit - usedRequests)));
        headers.set(
                "x-ratelimit-remaining-tokens",
                String.valueOf(Math.max(0, tokenLimit - usedTokens)));
        headers.set("x-ratelimit-reset-requests", WireResponses.goDuration(untilReset));
        headers.set("x-ratelimit-reset-tokens", WireResponses.goDuration(untilReset));
        return new Usage(usedRequests, usedTokens, headers);
    }
}
