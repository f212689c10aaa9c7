package dev.rung.task;

/**
 * One named rule an answer broke: which rule, where in the answer (a JSON Pointer), the offending
 * value (cut to a short excerpt) and what the rule expected.
 */
public record RuleViolation(String rule, String pointer, String value, String message) {}
