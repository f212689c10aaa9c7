package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;
import dev.rung.task.Tier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What tracing and metrics cost a task ({@code ./mvnw -Pbench verify
 * -Dtest=ObservabilityCostBenchmarkTest}): the running service's own observation registry, HTTP
 * server observation filter and attempt meters, driven on one thread as one task of one attempt
 * drives them, with the thread's CPU time and allocated bytes per task printed. Also what the API
 * key check no longer does per request (hash the key). Numbers in docs/benchmarks.md.
 */
@Tag("benchmark")
class ObservabilityCostBenchmarkTest extends IntegrationTest {

    private static final int WARMUP = Integer.getInteger("bench.observeWarmup", 200_000);
    private static final int MEASURED = Integer.getInteger("bench.observeTasks", 500_000);

    @Autowired ObservationRegistry observations;
    @Autowired RoutingMetrics metrics;
    @Autowired ApplicationContext context;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void tracingAndMetricsPerTask() throws Exception {
        Filter httpObservation = httpObservationFilter();
        Route route =
                new Route(
                        Tier.B,
                        new Policy("nano-first", List.of("gpt-5.4-nano", "gpt-5.4-mini"), 2, false),
                        null,
                        null,
                        null);
        AttemptRecord attempt = attempt();

        Cost spans =
                measure(
                        () -> {
                            var request = new MockHttpServletRequest("POST", "/v1/tasks/x");
                            request.setRequestURI("/v1/tasks/lead-classification");
                            FilterChain task =
                                    (req, res) ->
                                            Observation.createNotStarted("rung.task", observations)
                                                    .lowCardinalityKeyValue("task_type", "lead")
                                                    .lowCardinalityKeyValue("tier", "B")
                                                    .observe(this::attemptObservation);
                            httpObservation.doFilter(request, new MockHttpServletResponse(), task);
                        });
        // The same request and response objects without the filter and observations: subtracted, so
        // the line below counts only what observing adds.
        Cost bare =
                measure(
                        () -> {
                            var request = new MockHttpServletRequest("POST", "/v1/tasks/x");
                            request.setRequestURI("/v1/tasks/lead-classification");
                            new MockHttpServletResponse().setStatus(200);
                        });
        Cost meters = measure(() -> metrics.attempt("lead-classification", route, attempt));
        String key = "rk_" + "x".repeat(43);
        Cost keyHash =
                measure(
                        () ->
                                HexFormat.of()
                                        .formatHex(
                                                MessageDigest.getInstance("SHA-256")
                                                        .digest(
                                                                key.getBytes(
                                                                        StandardCharsets.UTF_8))));

        System.out.printf(
                "%nPer task (one attempt), on this thread, %,d tasks after %,d unmeasured:%n",
                MEASURED, WARMUP);
        System.out.printf(
                "  observations (HTTP server, rung.task, rung.attempt: spans and timers) %s%n",
                spans.minus(bare));
        System.out.printf(
                "  attempt meters (counters, tokens, cost, latency histogram)     %s%n", meters);
        System.out.printf(
                "  SHA-256 of an API key (no longer done per request)               %s%n", keyHash);
        assertThat(spans.cpuNanos()).isPositive();
    }

    private void attemptObservation() {
        Observation attempt =
                Observation.createNotStarted("rung.attempt", observations)
                        .lowCardinalityKeyValue("model", "gpt-5.4-nano")
                        .lowCardinalityKeyValue("rung", "1")
                        .start();
        try (Observation.Scope scope = attempt.openScope()) {
            attempt.lowCardinalityKeyValue("result", "answered");
        } finally {
            attempt.stop();
        }
    }

    private Filter httpObservationFilter() {
        return context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .map(FilterRegistrationBean::getFilter)
                .filter(ServerHttpObservationFilter.class::isInstance)
                .findFirst()
                .orElseGet(() -> context.getBean(ServerHttpObservationFilter.class));
    }

    private static AttemptRecord attempt() {
        Instant now = Instant.now();
        return new AttemptRecord(
                1,
                1,
                "openai",
                "gpt-5.4-nano",
                "gpt-5.4-nano-2026-03-17",
                "v1",
                "0".repeat(64),
                "passed",
                Map.of("next", "accepted"),
                new AttemptRecord.Tokens(812, 0, 37, 0),
                new BigDecimal("0.000209"),
                Duration.ofMillis(420),
                "req_1",
                now,
                now);
    }

    interface Work {
        void run() throws Exception;
    }

    record Cost(long cpuNanos, long bytes) {
        Cost minus(Cost other) {
            return new Cost(cpuNanos - other.cpuNanos, bytes - other.bytes);
        }

        @Override
        public String toString() {
            return "%6.2f µs CPU, %,6d bytes allocated".formatted(cpuNanos / 1_000.0, bytes);
        }
    }

    private Cost measure(Work work) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            work.run();
        }
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            work.run();
        }
        return new Cost(
                (threads.getCurrentThreadCpuTime() - cpu) / MEASURED,
                (threads.getCurrentThreadAllocatedBytes() - bytes) / MEASURED);
    }
}
