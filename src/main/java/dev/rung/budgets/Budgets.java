package dev.rung.budgets;

import java.math.BigDecimal;
import java.util.List;

/** Reserves and settles spend against the daily caps. */
public interface Budgets {

    /**
     * Reserves {@code estimate} in every capped scope of the call, all or nothing. {@code
     * cheapestRung} says the call is on the policy's first rung, which the cheapest-rung action
     * keeps serving past the cap.
     */
    Reservation reserve(BudgetScope scope, BigDecimal estimate, boolean cheapestRung);

    /**
     * Replaces the reservation by the call's actual cost; {@code actual} is null when no price is
     * known for the model, and the call is counted as unpriced rather than as free.
     */
    void settle(Reservation.Granted reservation, BigDecimal actual);

    /**
     * Releases a stored reservation whose call was interrupted, counting {@code spent} instead
     * (null: unpriced); nothing when it was settled already. Settling and releasing each happen at
     * most once per reservation, whatever the order.
     */
    void release(java.util.UUID reservationId, BigDecimal spent);

    /**
     * The reservations still held by these instances (ids of {@code RungInstance}), to release when
     * they are gone.
     */
    List<java.util.UUID> heldBy(java.util.Collection<java.util.UUID> instances);

    /** Today's spend, reservations and caps, per scope. */
    List<BudgetStatus> today();

    /**
     * @param unpricedCalls calls whose model had no price: their spend is missing from {@code
     *     spentUsd}
     */
    record BudgetStatus(
            String scope,
            BigDecimal capUsd,
            BigDecimal spentUsd,
            BigDecimal reservedUsd,
            BigDecimal remainingUsd,
            long unpricedCalls) {}
}
