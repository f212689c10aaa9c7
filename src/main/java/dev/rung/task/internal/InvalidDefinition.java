package dev.rung.task.internal;

import dev.rung.task.Violation;

import java.util.List;
import java.util.stream.Collectors;

/** A task type definition that cannot be used, with every problem found in it. */
final class InvalidDefinition extends RuntimeException {

    private final transient List<Violation> violations;

    InvalidDefinition(List<Violation> violations) {
        super(
                violations.stream()
                        .map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message())
                        .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    List<Violation> violations() {
        return violations;
    }
}
