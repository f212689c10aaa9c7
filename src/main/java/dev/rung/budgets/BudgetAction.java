package dev.rung.budgets;

/** What happens when a daily cap is reached. */
public enum BudgetAction {
    /** Refuse the task: 429 problem+json until the next UTC day. */
    REJECT,
    /** Keep serving on the policy's cheapest rung only; no escalation. */
    CHEAPEST_RUNG,
    /** For an experiment arm's cap: pause the experiment's treatment (other caps reject). */
    PAUSE_TREATMENT
}
