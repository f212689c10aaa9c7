package dev.rung.task;

/**
 * One way a JSON document breaks its schema or a definition breaks the rules for definitions.
 *
 * @param pointer the JSON Pointer (RFC 6901) of the offending value in the document as sent
 * @param message what is wrong, without echoing the value (it may be personal data)
 */
public record Violation(String pointer, String message) {}
