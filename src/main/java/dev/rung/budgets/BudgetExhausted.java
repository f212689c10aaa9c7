package dev.rung.budgets;

import java.util.UUID;

/**
 * Published when a call is refused because a cap is reached; experiments pause their treatment on
 * it.
 */
public record BudgetExhausted(String scope, UUID experimentId, String arm, BudgetAction action) {}
