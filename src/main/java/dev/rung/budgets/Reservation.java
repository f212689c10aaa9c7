package dev.rung.budgets;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** The answer to "may this call spend up to its estimate?". */
public sealed interface Reservation {

    /**
     * Reserved in every capped scope; settle it once the call is done. {@code id} names the stored
     * reservation (null when nothing was reserved: no cap applies, or the cheapest rung runs past
     * one).
     */
    record Granted(java.util.UUID id, List<String> scopes, LocalDate day, BigDecimal amount)
            implements Reservation {}

    /** A cap would be exceeded: which one, and what the configuration says to do. */
    record Exhausted(String scope, BigDecimal capUsd, BudgetAction action, Duration retryAfter)
            implements Reservation {}
}
