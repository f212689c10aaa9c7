package dev.rung.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.RungApplication;
import dev.rung.support.ServiceClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Throughput and spend under load: OpenAI Tier 1 limits on Rung and on a simulator that enforces
 * them, and small daily caps on ticket tagging and field extraction.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@TestPropertySource(
        properties = {
            "rung.limits.tier=1",
            "rung.limits.account=spend-control",
            "rung.limits.max-queue-wait=1s",
            "rung.simulator.enforce-limits=true",
            "rung.simulator.requests-per-minute-limit=500",
            "rung.simulator.tokens-per-minute-limit=500000",
            "rung.budgets.task-types.ticket-tagging=0.01",
            "rung.budgets.task-types.field-extraction=0.004"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpendControlTest extends ServiceClient {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void ownPort(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    /**
     * The database as this context reached it: the embedded server's or a container's
     * (TestDatabase).
     */
    @Autowired JdbcConnectionDetails database;

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    @Order(3) // last: it leaves this window's capacity spent
    void moreTrafficThanTier1AllowsIsQueuedOrFallsBackWithoutProvider429s() throws Exception {
        simulatorFaults(Map.of());
        long providerLimitedBefore =
                body(get("/v1/admin/simulator/stats")).path("rateLimited").asLong();
        String batch = UUID.randomUUID().toString().substring(0, 8);

        List<HttpResponse<String>> responses =
                concurrently(
                        400,
                        64,
                        i ->
                                post(
                                        "/v1/tasks/lead-classification",
                                        """
                                        {"subjectId":"%s-%d","lead":{"email":"l%d@load%d.com","company":"Load %d","message":"Demo for %d people?"}}\
                                        """
                                                .formatted(batch, i, i, i, i, i)));

        long providerLimited =
                body(get("/v1/admin/simulator/stats")).path("rateLimited").asLong()
                        - providerLimitedBefore;
        assertThat(providerLimited).as("429s the provider had to send").isLessThanOrEqualTo(2);
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
        List<JsonNode> served =
                responses.stream().filter(r -> r.statusCode() == 200).map(this::body).toList();
        List<HttpResponse<String>> refused =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(served).hasSizeGreaterThan(150);
        // Whether some tasks find no capacity at all depends on how the run falls across limit
        // windows.
        assertThat(refused)
                .allSatisfy(
                        r -> {
                            assertThat(r.headers().firstValue("Retry-After")).isPresent();
                            assertThat(body(r).path("type").asString())
                                    .isEqualTo("https://rung.dev/problems/no-capacity");
                        });
        assertThat(served)
                .anySatisfy(
                        task ->
                                assertThat(task.path("attempts").get(0).path("outcome").asString())
                                        .isEqualTo("throttled"));
        Integer throttled =
                jdbc.sql(
                                "select count(*) from attempt a join task t on t.id = a.task_id "
                                        + "where t.subject_id like ? and a.outcome = 'throttled'")
                        .param(batch + "-%")
                        .query(Integer.class)
                        .single();
        assertThat(throttled).isPositive();
    }

    @Test
    @Order(1)
    void concurrentRequestsCannotOverspendANearlySpentBudget() throws Exception {
        simulatorFaults(Map.of());
        BigDecimal cap = new BigDecimal("0.01");
        jdbc.sql(
                        """
                        insert into budget_day (scope, day, cap_usd, spent_usd, reserved_usd)
                        values ('task-type:ticket-tagging', (now() at time zone 'UTC')::date, ?, ?, 0)
                        on conflict (scope, day) do update set spent_usd = excluded.spent_usd, reserved_usd = 0\
                        """)
                .param(cap)
                .param(new BigDecimal("0.0085"))
                .update();
        String batch = UUID.randomUUID().toString().substring(0, 8);

        List<HttpResponse<String>> responses =
                concurrently(
                        200,
                        200,
                        i ->
                                post(
                                        "/v1/tasks/ticket-tagging",
                                        """
                                        {"subjectId":"%s-%d","ticket":{"subject":"Invoice %d","body":"I was charged twice on invoice %d."}}\
                                        """
                                                .formatted(batch, i, i, i)));

        Map<String, Object> budget =
                jdbc.sql(
                                "select spent_usd, reserved_usd from budget_day where scope ="
                                    + " 'task-type:ticket-tagging' and day = (now() at time zone"
                                    + " 'UTC')::date")
                        .query()
                        .singleRow();
        assertThat((BigDecimal) budget.get("spent_usd")).isLessThanOrEqualTo(cap);
        assertThat((BigDecimal) budget.get("reserved_usd")).isZero();
        assertThat(responses.stream().filter(r -> r.statusCode() == 200)).isNotEmpty();
        List<HttpResponse<String>> refused =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused)
                .hasSizeGreaterThan(150)
                .allSatisfy(
                        r ->
                                assertThat(body(r).path("type").asString())
                                        .isEqualTo("https://rung.dev/problems/budget-exhausted"));
        JsonNode today = body(get("/v1/budgets"));
        assertThat(
                        today.valueStream()
                                .filter(
                                        b ->
                                                b.path("scope")
                                                        .asString()
                                                        .equals("task-type:ticket-tagging")))
                .singleElement()
                .satisfies(
                        b ->
                                assertThat(b.path("remainingUsd").decimalValue())
                                        .isEqualByComparingTo(
                                                cap.subtract(b.path("spentUsd").decimalValue())));
    }

    @Test
    @Order(2)
    void twoInstancesOnOneDatabaseShareOneBudget() throws Exception {
        simulatorFaults(Map.of());
        int secondPort = freePort();
        try (ConfigurableApplicationContext second =
                new SpringApplicationBuilder(RungApplication.class)
                        .profiles("test")
                        .run(
                                "--server.port=" + secondPort,
                                "--spring.datasource.url=" + database.getJdbcUrl(),
                                "--spring.datasource.username=" + database.getUsername(),
                                "--spring.datasource.password=" + database.getPassword(),
                                "--rung.limits.tier=1",
                                "--rung.limits.account=spend-control",
                                "--rung.budgets.task-types.field-extraction=0.004")) {
            String batch = UUID.randomUUID().toString().substring(0, 8);
            List<HttpResponse<String>> responses =
                    concurrently(
                            80,
                            40,
                            i ->
                                    send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    "http://127.0.0.1:"
                                                                            + (i % 2 == 0
                                                                                    ? port
                                                                                    : secondPort)
                                                                            + "/v1/tasks/field-extraction"))
                                                    .header("X-API-Key", DEV_KEY)
                                                    .header("Content-Type", "application/json")
                                                    .POST(
                                                            HttpRequest.BodyPublishers.ofString(
                                                                    """
                                                                    {"subjectId":"%s-%d","form":{"fields":{"Company":"Shared %s %d","Job Title":"VP Sales"}}}\
                                                                    """
                                                                            .formatted(
                                                                                    batch, i, batch,
                                                                                    i)))
                                                    .build()));

            BigDecimal spent =
                    jdbc.sql("select coalesce(sum(cost_usd), 0) from task where subject_id like ?")
                            .param(batch + "-%")
                            .query(BigDecimal.class)
                            .single();
            assertThat(spent).isPositive().isLessThanOrEqualTo(new BigDecimal("0.004"));
            assertThat(responses.stream().filter(r -> r.statusCode() == 429)).isNotEmpty();
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
        }
    }

    private static List<HttpResponse<String>> concurrently(
            int count, int inFlight, java.util.function.IntFunction<HttpResponse<String>> call)
            throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<HttpResponse<String>> task =
                        () -> {
                            permits.acquire();
                            try {
                                return call.apply(index);
                            } finally {
                                permits.release();
                            }
                        };
                futures.add(executor.submit(task));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
