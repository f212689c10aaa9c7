package dev.rung.privacy.internal;

import dev.rung.privacy.Redaction;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Structured (JSON) logs mask e-mail addresses and phone numbers as the text logs do: every string
 * value of the document, the message, the stack trace and each key-value pair, passes through
 * {@link Redaction}. Named by {@code logging.structured.json.customizer} in {@code
 * application.yml}.
 */
public class RedactingJsonLogCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(
                JsonWriter.ValueProcessor.of(String.class, Redaction::redact));
    }
}
