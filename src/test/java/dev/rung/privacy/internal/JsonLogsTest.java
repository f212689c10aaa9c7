package dev.rung.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Under the prod profile each log line is a JSON document with the trace id, and personal data is
 * still masked.
 */
class JsonLogsTest {

    @Test
    void aJsonLineCarriesTheTraceIdAndNoEmailOrPhone() {
        LoggerContext context = new LoggerContext();
        context.putObject(
                Environment.class.getName(),
                new MockEnvironment()
                        .withProperty(
                                "logging.structured.json.customizer",
                                RedactingJsonLogCustomizer.class.getName()));
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("logstash");
        encoder.start();
        Logger logger = context.getLogger("dev.rung.intake.internal.TaskRunner");
        LoggingEvent event =
                new LoggingEvent(
                        Logger.class.getName(),
                        logger,
                        Level.WARN,
                        "Lead {} could not be classified",
                        new IllegalStateException("call +1 (415) 555-0100 back"),
                        new Object[] {"maria.lopez@acme-logistics.com"});
        event.setMDCPropertyMap(
                Map.of(
                        "traceId",
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "spanId",
                        "00f067aa0ba902b7"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        JsonNode json = JsonMapper.shared().readTree(line);

        assertThat(line)
                .endsWith("\n")
                .doesNotContain("maria.lopez", "acme-logistics.com", "555-0100");
        assertThat(json.path("message").asString())
                .isEqualTo("Lead [email] could not be classified");
        assertThat(json.path("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("spanId").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.path("level").asString()).isEqualTo("WARN");
        assertThat(json.path("stack_trace").asString())
                .contains("IllegalStateException", "[phone]");
    }
}
