package dev.rung.task;

import java.util.List;

/**
 * A check another module adds to every task type definition before it is stored or served; routing,
 * for one, checks that the policies a definition names exist and may serve its tiers. Violations
 * point into the definition document.
 */
@FunctionalInterface
public interface DefinitionCheck {

    List<Violation> check(TaskDefinition definition);
}
