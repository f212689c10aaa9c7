package dev.rung.budgets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.budgets.BudgetAction;
import dev.rung.budgets.BudgetScope;
import dev.rung.budgets.Reservation;
import dev.rung.instance.RungInstance;
import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What happens at a cap: reject, keep the cheapest rung serving, or pause the experiment's
 * treatment.
 */
class BudgetActionsTest extends IntegrationTest {

    @Autowired TransactionTemplate transactions;
    @Autowired ApplicationEventPublisher publisher;

    final List<Object> events = new ArrayList<>();

    @Test
    void reservationsStopAtTheCapAndSettleToTheActualCost() {
        String type = "type-" + UUID.randomUUID();
        var budgets =
                budgets(
                        new BudgetProperties(
                                null,
                                Map.of(type, new BigDecimal("0.0010")),
                                null,
                                BudgetAction.REJECT));

        var first =
                (Reservation.Granted)
                        budgets.reserve(
                                new BudgetScope(type, null, null), new BigDecimal("0.0006"), true);
        var second =
                budgets.reserve(new BudgetScope(type, null, null), new BigDecimal("0.0006"), true);
        budgets.settle(first, new BigDecimal("0.0002"));
        var third =
                budgets.reserve(new BudgetScope(type, null, null), new BigDecimal("0.0006"), true);

        assertThat(second)
                .isInstanceOfSatisfying(
                        Reservation.Exhausted.class,
                        e -> {
                            assertThat(e.scope()).isEqualTo("task-type:" + type);
                            assertThat(e.action()).isEqualTo(BudgetAction.REJECT);
                            assertThat(e.retryAfter()).isPositive();
                        });
        assertThat(third).isInstanceOf(Reservation.Granted.class);
        assertThat(events).hasSize(1);
    }

    @Test
    void theCheapestRungKeepsServingPastTheCapButNoEscalationDoes() {
        String type = "type-" + UUID.randomUUID();
        var budgets =
                budgets(
                        new BudgetProperties(
                                null,
                                Map.of(type, new BigDecimal("0.0001")),
                                null,
                                BudgetAction.CHEAPEST_RUNG));

        var cheapest =
                budgets.reserve(new BudgetScope(type, null, null), new BigDecimal("0.0005"), true);
        var escalation =
                budgets.reserve(new BudgetScope(type, null, null), new BigDecimal("0.0005"), false);

        assertThat(cheapest)
                .isInstanceOfSatisfying(
                        Reservation.Granted.class,
                        g -> {
                            budgets.settle(g, new BigDecimal("0.0004"));
                            assertThat(g.amount()).isZero();
                        });
        assertThat(escalation)
                .isInstanceOfSatisfying(
                        Reservation.Exhausted.class,
                        e -> assertThat(e.action()).isEqualTo(BudgetAction.CHEAPEST_RUNG));
        assertThat(budgets.today())
                .anySatisfy(
                        b -> {
                            assertThat(b.scope()).isEqualTo("task-type:" + type);
                            assertThat(b.spentUsd()).isEqualByComparingTo("0.0004");
                        });
    }

    @Test
    void anArmAtItsCapPausesTheTreatment() {
        String experiment =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"budget","taskType":"ticket-tagging","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                                """))
                        .path("id")
                        .asString();
        post("/v1/experiments/" + experiment + "/start", "{}");
        try {
            var budgets =
                    budgets(
                            new BudgetProperties(
                                    null,
                                    Map.of(),
                                    new BigDecimal("0.0001"),
                                    BudgetAction.PAUSE_TREATMENT));

            var refused =
                    budgets.reserve(
                            new BudgetScope(
                                    "ticket-tagging", UUID.fromString(experiment), "treatment"),
                            new BigDecimal("0.0005"),
                            true);
            publisher.publishEvent(events.getFirst());

            assertThat(refused)
                    .isInstanceOfSatisfying(
                            Reservation.Exhausted.class,
                            e -> assertThat(e.action()).isEqualTo(BudgetAction.PAUSE_TREATMENT));
            var status = body(get("/v1/experiments/" + experiment));
            assertThat(status.path("status").asString()).isEqualTo("paused");
            assertThat(status.path("events").valueStream().map(e -> e.path("actor").asString()))
                    .contains("budget");
        } finally {
            post("/v1/experiments/" + experiment + "/stop", "{}");
        }
    }

    private DailyBudgets budgets(BudgetProperties properties) {
        return new DailyBudgets(
                jdbc,
                transactions,
                properties,
                event -> events.add(event),
                new RungInstance("budget-actions-test"));
    }
}
