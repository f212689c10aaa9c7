package dev.rung.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Past the in-flight limit a task request is turned away at once with 503 and Retry-After; a freed
 * slot is reused.
 */
class InFlightLimitTest {

    @Test
    void aRequestPastTheLimitIsShedAndTheNextOneAfterAFinishIsServed() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InFlightLimit limit = new InFlightLimit(IntakeLimit.fixed(1), JsonMapper.shared(), meters);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var first =
                    executor.submit(
                            () -> {
                                limit.doFilter(
                                        task(),
                                        new MockHttpServletResponse(),
                                        (request, response) -> {
                                            inside.countDown();
                                            try {
                                                release.await();
                                            } catch (InterruptedException e) {
                                                Thread.currentThread().interrupt();
                                            }
                                        });
                                return null;
                            });
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            MockHttpServletResponse shed = new MockHttpServletResponse();
            limit.doFilter(
                    task(),
                    shed,
                    (request, response) -> {
                        throw new AssertionError("must not run");
                    });
            assertThat(shed.getStatus()).isEqualTo(503);
            assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
            assertThat(shed.getContentType()).isEqualTo("application/problem+json");
            assertThat(shed.getContentAsString()).contains("https://rung.dev/problems/overloaded");
            assertThat(meters.counter("rung.tasks.shed").count()).isEqualTo(1);

            release.countDown();
            first.get(5, TimeUnit.SECONDS);
        }
        MockHttpServletResponse served = new MockHttpServletResponse();
        limit.doFilter(
                task(),
                served,
                (request, response) -> ((MockHttpServletResponse) response).setStatus(200));
        assertThat(served.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest task() {
        return new MockHttpServletRequest("POST", "/v1/tasks/lead-classification");
    }
}
