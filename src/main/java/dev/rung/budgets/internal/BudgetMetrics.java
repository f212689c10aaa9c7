package dev.rung.budgets.internal;

import dev.rung.budgets.Budgets;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Today's remaining budget per capped scope as a gauge ({@code rung.budget.remaining.usd}),
 * refreshed every 30 s.
 */
@Component
class BudgetMetrics {

    private final Budgets budgets;
    private final MultiGauge remaining;
    private final MultiGauge spent;

    BudgetMetrics(Budgets budgets, MeterRegistry meters) {
        this.budgets = budgets;
        this.remaining =
                MultiGauge.builder("rung.budget.remaining.usd")
                        .description("Daily cap minus spend and reservations")
                        .register(meters);
        this.spent =
                MultiGauge.builder("rung.budget.spent.usd")
                        .description("Spent today (UTC)")
                        .register(meters);
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 1_000)
    void refresh() {
        var today = budgets.today();
        remaining.register(
                today.stream()
                        .map(
                                b ->
                                        MultiGauge.Row.of(
                                                Tags.of("scope", b.scope()),
                                                b.remainingUsd().doubleValue()))
                        .toList(),
                true);
        spent.register(
                today.stream()
                        .map(
                                b ->
                                        MultiGauge.Row.of(
                                                Tags.of("scope", b.scope()),
                                                b.spentUsd().doubleValue()))
                        .toList(),
                true);
    }
}
