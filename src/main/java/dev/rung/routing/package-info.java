/**
 * Where a task's rung is chosen. {@link dev.rung.routing.RoutePlanner} picks the tier and the
 * policy (an ordered ladder of models); {@link dev.rung.routing.Escalation} is a pure function that
 * decides after each attempt whether to accept, retry the same rung, climb to the next one, or
 * stop; {@link dev.rung.routing.TaskRouter} walks the ladder and reports every attempt as it
 * happens.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Routing",
        allowedDependencies = {
            "budgets",
            "checks",
            "gateway",
            "knowledge",
            "pricing",
            "task",
            "tokens"
        })
package dev.rung.routing;
