package dev.rung.intake.internal;

import dev.rung.gateway.WaitClock;
import dev.rung.web.FilterProblems;
import dev.rung.web.OpenAiErrors;
import dev.rung.web.ProblemType;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Load shedding: synchronous task requests in flight at once are held under a limit ({@link
 * IntakeLimit}: adaptive by default, never above {@code rung.intake.max-in-flight}). Past it a
 * request is answered 503 with Retry-After at once, so past the machine's capacity callers get a
 * quick, honest answer instead of a slow one that times out, escalates and opens breakers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class InFlightLimit extends OncePerRequestFilter {

    private final IntakeLimit limit;
    private final JsonMapper json;
    private final MeterRegistry meters;

    @Autowired
    InFlightLimit(IntakeLimitProperties properties, JsonMapper json, MeterRegistry meters) {
        this(IntakeLimit.of(properties), json, meters);
    }

    InFlightLimit(IntakeLimit limit, JsonMapper json, MeterRegistry meters) {
        this.limit = limit;
        this.json = json;
        this.meters = meters;
        Gauge.builder("rung.tasks.in.flight", limit, IntakeLimit::inFlight)
                .description("synchronous task requests in flight")
                .register(meters);
        Gauge.builder("rung.tasks.limit", limit, IntakeLimit::limit)
                .description("how many may be in flight now: past it they are shed with 503")
                .register(meters);
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
        Optional<IntakeLimit.Permit> permit = limit.tryAcquire();
        if (permit.isEmpty()) {
            meters.counter("rung.tasks.shed").increment();
            response.setHeader("Retry-After", "1");
            FilterProblems.write(
                    request,
                    response,
                    json,
                    ProblemType.OVERLOADED,
                    limit.limit()
                            + " tasks are in flight, the most this instance takes now; retry"
                            + " after Retry-After seconds.",
                    Map.of());
            return;
        }
        WaitClock waits = new WaitClock();
        boolean dropped = true;
        try {
            waits.around(
                    () -> {
                        chain.doFilter(request, response);
                        return null;
                    });
            dropped = response.getStatus() == 503 || response.getStatus() == 504;
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        } finally {
            limit.release(permit.get(), waits.waitedNanos(), dropped);
        }
    }
}
