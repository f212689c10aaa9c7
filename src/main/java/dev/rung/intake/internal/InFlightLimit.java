package dev.rung.intake.internal;

import dev.rung.web.FilterProblems;
import dev.rung.web.OpenAiErrors;
import dev.rung.web.ProblemType;

import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Load shedding: at most {@code rung.intake.max-in-flight} synchronous task requests at once. Each
 * one in flight holds buffers, a connection to the provider and a virtual thread's stack; past the
 * limit a request is answered 503 with Retry-After at once, so an overload costs some callers a
 * retry instead of the heap of every caller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class InFlightLimit extends OncePerRequestFilter {

    private final Semaphore permits;
    private final int limit;
    private final JsonMapper json;
    private final MeterRegistry meters;

    InFlightLimit(
            @Value("${rung.intake.max-in-flight:5000}") int limit,
            JsonMapper json,
            MeterRegistry meters) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.json = json;
        this.meters = meters;
        meters.gauge("rung.tasks.in.flight", permits, p -> limit - p.availablePermits());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        boolean task =
                (uri.startsWith("/v1/tasks/") && !uri.endsWith("/feedback"))
                        || OpenAiErrors.openAiPath(uri);
        return !"POST".equals(request.getMethod()) || !task;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            meters.counter("rung.tasks.shed").increment();
            response.setHeader("Retry-After", "1");
            FilterProblems.write(
                    request,
                    response,
                    json,
                    ProblemType.OVERLOADED,
                    limit
                            + " tasks are in flight, the most this instance takes; retry after"
                            + " Retry-After seconds.",
                    Map.of());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
