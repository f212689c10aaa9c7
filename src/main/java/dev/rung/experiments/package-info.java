/**
 * Experiments between routing policies: a sticky, deterministic split of subjects between a control
 * and a treatment policy with the prompt pinned, a readout with intervals computed as GrowthBook's
 * gbstats does, an automatic stop-loss on always-valid bounds, and ground truth from reviewers.
 * Readouts aggregate the ledger's {@code task} and {@code attempt} tables in SQL, the same tables
 * analysts query.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Experiments",
        allowedDependencies = {"budgets", "ledger", "routing", "task", "web"})
package dev.rung.experiments;
