/**
 * Daily spend caps — global, per task type and per experiment arm — that concurrent requests and
 * replicas cannot overrun: every model call reserves its worst-case cost in PostgreSQL before it
 * starts and settles its actual cost after, in the same rows for every replica.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Budgets",
        allowedDependencies = {"instance"})
package dev.rung.budgets;
