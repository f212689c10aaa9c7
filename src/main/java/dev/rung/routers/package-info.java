/**
 * Learned start rungs. A router is trained from the ledger (every input, the first rung's outcome
 * and, where reviews exist, whether its answer was right) to predict, before generating, whether a
 * policy's first rung will pass for an input; a learned policy ({@code learned:<router>@<version>})
 * then starts an input one rung higher when the prediction is poor. Each version is evaluated
 * offline by replaying a held-out window on it and on the policies it should beat before it may
 * serve live traffic, as an experiment's arm.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Routers",
        allowedDependencies = {"replays", "routing", "task", "web"})
package dev.rung.routers;
