/**
 * The ledger: every task and every attempt in PostgreSQL ({@code task}, {@code attempt}), written
 * as they happen so analysts can query them with plain SQL and no paid call is ever lost. {@link
 * dev.rung.ledger.TaskLedger} is the only way in.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Ledger",
        allowedDependencies = {"budgets", "instance", "web"})
package dev.rung.ledger;
