package dev.rung.budgets.internal;

import dev.rung.budgets.BudgetAction;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code rung.budgets}: daily caps in USD (absent = no cap) and the action when one is reached.
 *
 * @param global cap on all spend
 * @param taskTypes cap per task type slug
 * @param experimentArm cap on each arm of each experiment
 */
@ConfigurationProperties("rung.budgets")
public record BudgetProperties(
        BigDecimal global,
        @DefaultValue Map<String, BigDecimal> taskTypes,
        BigDecimal experimentArm,
        @DefaultValue("REJECT") BudgetAction onExhausted) {}
