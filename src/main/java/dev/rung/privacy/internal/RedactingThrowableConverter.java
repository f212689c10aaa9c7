package dev.rung.privacy.internal;

import dev.rung.privacy.Redaction;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Stack traces too: an exception message may quote an address or a number from a request. */
public class RedactingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy proxy) {
        return Redaction.redact(super.throwableProxyToString(proxy));
    }
}
