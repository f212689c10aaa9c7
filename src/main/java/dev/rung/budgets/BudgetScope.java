package dev.rung.budgets;

import java.util.UUID;

/** What a call spends on: its task type and, inside an experiment, its arm. */
public record BudgetScope(String taskType, UUID experimentId, String arm) {}
