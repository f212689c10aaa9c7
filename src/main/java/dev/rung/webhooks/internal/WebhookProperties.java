package dev.rung.webhooks.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code rung.webhooks}: per sender, the signing secrets (two at once while rotating), the task
 * type its deliveries create and how a delivery's body becomes that type's input; how old a signed
 * request may be, and the public base URL HubSpot signs (behind an ingress the internal URL
 * differs).
 *
 * @param sources Standard Webhooks senders by name ({@code /v1/webhooks/{name}})
 */
@ConfigurationProperties("rung.webhooks")
public record WebhookProperties(
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue("5m") Duration tolerance,
        @DefaultValue Sender hubspot,
        @DefaultValue Sender zendesk,
        @DefaultValue Map<String, Sender> sources) {

    /**
     * One sender.
     *
     * @param secrets signing secrets ({@code whsec_…} for Standard Webhooks)
     * @param taskType the slug of the task type a delivery creates
     * @param subject where the subject id is in the body, and a prefix that says where it came from
     * @param input the input, field by field: each taken from the body (a JSON Pointer) or a
     *     constant; when empty, the body holds a whole task request ({@code subjectId}, {@code
     *     input}, {@code stakes}) at {@code payloadPointer}
     * @param payloadPointer where the whole task request is, when {@code input} is empty
     */
    public record Sender(
            @DefaultValue List<String> secrets,
            String taskType,
            @DefaultValue Subject subject,
            @DefaultValue List<Field> input,
            @DefaultValue("/data") String payloadPointer) {}

    /**
     * @param from a JSON Pointer into the body; when it finds nothing, the delivery id stands in
     */
    public record Subject(String from, @DefaultValue("") String prefix) {}

    /**
     * One field of the input.
     *
     * @param to a JSON Pointer into the input ({@code /email}, {@code /lead/company})
     * @param from a JSON Pointer into the delivery's body
     * @param value a constant, used when {@code from} is not set or finds nothing
     */
    public record Field(String to, String from, String value) {}
}
