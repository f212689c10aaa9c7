package dev.rung.simulator.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code rung.simulator}: the starting scenario. {@code latencyScale} multiplies every simulated
 * delay (0 for tests and benchmarks); {@code hang} is how long a simulated timeout keeps the
 * connection open. With {@code enforceLimits} the simulator answers 429 like OpenAI once a model's
 * requests or tokens per minute pass the limits; otherwise it only reports them in {@code
 * x-ratelimit-*} headers. {@code confidence} relates a model's self-reported confidence to being
 * right ({@link ConfidenceCurve}; absent: its defaults). {@code hardInputs} and {@code
 * hardInputFaults} make some inputs harder for some models ({@link HardInputs}; absent: none is).
 */
@ConfigurationProperties("rung.simulator")
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("42") long seed,
        @DefaultValue("1.0") double latencyScale,
        @DefaultValue("45s") Duration hang,
        @DefaultValue("false") boolean enforceLimits,
        @DefaultValue("500") long requestsPerMinuteLimit,
        @DefaultValue("500000") long tokensPerMinuteLimit,
        Map<String, ModelProfile> models,
        Map<String, Map<String, FaultRates>> faults,
        ConfidenceCurve confidence,
        HardInputs hardInputs,
        Map<String, FaultRates> hardInputFaults,
        FlexBehaviour flex) {

    /** Speed and identity of one simulated model. */
    public record ModelProfile(
            String datedName, double tokensPerSecond, Duration timeToFirstToken) {}
}
