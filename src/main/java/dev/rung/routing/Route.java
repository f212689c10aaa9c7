package dev.rung.routing;

import dev.rung.task.Tier;

/** The tier a task was judged to be and the policy it runs under. */
public record Route(Tier tier, Policy policy) {
}
