package dev.rung.privacy.internal;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import dev.rung.privacy.Redaction;

/**
 * Logback's {@code %m}, with e-mail addresses and phone numbers masked (see {@code
 * logback-spring.xml}).
 */
public class RedactingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.redact(super.convert(event));
    }
}
