/**
 * Replays: a candidate routing policy run over the stored inputs of tasks already served (a task
 * type, a window, optionally a source and a tier), as a background job with progress, a spend cap
 * and the usual rate limits and budgets. Every replayed task is a task of its own in the ledger,
 * tied to the one it replays; the readout sets the replay beside what was served: pass rate, cost
 * per successful task, latency, escalations, agreement with the served answers and accuracy against
 * reviews.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Replays",
        allowedDependencies = {"instance", "intake", "ledger", "routing", "task", "web"})
package dev.rung.replays;
