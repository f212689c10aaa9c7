package dev.rung.task;

/** One business rule an answer broke, with the offending value as evidence. */
public record RuleViolation(String rule, String field, String value) {
}
