package dev.rung.intake.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rung.webhooks}: the signing secrets of each sender (two at once while rotating), how old a signed
 * request may be, and the public base URL HubSpot signs (behind an ingress the internal URL differs).
 *
 * @param sources Standard Webhooks senders by name ({@code /v1/webhooks/{name}}): secrets ({@code whsec_…}),
 *                the task type they create and where in the body the task request is (a JSON pointer)
 */
@ConfigurationProperties("rung.webhooks")
public record WebhookProperties(
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue("5m") Duration tolerance,
        @DefaultValue Sender hubspot,
        @DefaultValue Sender zendesk,
        @DefaultValue Map<String, Source> sources) {

    public record Sender(@DefaultValue List<String> secrets) {
    }

    public record Source(@DefaultValue List<String> secrets, String taskType, @DefaultValue("/data") String payloadPointer) {
    }
}
