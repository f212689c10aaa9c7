package dev.rung.delivery.internal;

import dev.rung.ledger.StoredTask;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A result callback, signed as Standard Webhooks 1.0 prescribes: {@code webhook-id} (the delivery's
 * id, the same on every retry, so the receiver can drop repeats), {@code webhook-timestamp} and
 * {@code webhook-signature} ({@code v1,} base64 HMAC-SHA256 of {@code id.timestamp.body} under the
 * base64-decoded {@code whsec_} secret). The body is the same on every retry: the task's outcome as
 * it ended.
 */
@Component
class CallbackDeliveries {

    static final String CALLER_SOURCE = "api";

    private final DeliveryProperties properties;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    CallbackDeliveries(DeliveryProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    Outbound build(DeliveryStore.Due due, StoredTask task) {
        String secret = secret(due.source());
        if (secret == null || !secret.startsWith("whsec_")) {
            return new Outbound.Misconfigured(
                    "no callback secret (whsec_…) for source " + due.source());
        }
        String body = body(task);
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String signature = sign(secret, due.id() + "." + timestamp + "." + body);
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(due.target()))
                        .timeout(properties.requestTimeout())
                        .header("Content-Type", "application/json")
                        .header("webhook-id", due.id().toString())
                        .header("webhook-timestamp", timestamp)
                        .header("webhook-signature", "v1," + signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return new Outbound.Send(request, null);
    }

    /** Callers' URLs are signed with the callbacks' secret, a webhook source's with its own. */
    private String secret(String source) {
        if (CALLER_SOURCE.equals(source)) {
            return properties.callbacks().secret();
        }
        DeliveryProperties.Source configured = properties.sources().get(source);
        return configured == null ? null : configured.callback().secret();
    }

    /**
     * {@code {"type": "task.finished", "timestamp", "data": {…}}}, the shape Standard Webhooks
     * suggests.
     */
    private String body(StoredTask task) {
        ObjectNode payload = json.createObjectNode();
        payload.put("type", "task.finished");
        payload.put("timestamp", task.finishedAt() == null ? null : task.finishedAt().toString());
        ObjectNode data = payload.putObject("data");
        data.put("taskId", task.id().toString());
        data.put("type", task.type());
        if (task.typeVersion() != null) {
            data.put("typeVersion", task.typeVersion());
        }
        data.put("subjectId", task.subjectId());
        data.put("status", task.status().wire());
        data.set("result", task.result());
        data.put("failureReason", task.failureReason());
        data.put("costUsd", task.costUsd());
        data.put("simulated", task.simulated());
        return payload.toString();
    }

    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(
                    new SecretKeySpec(
                            Base64.getDecoder().decode(secret.substring("whsec_".length())),
                            "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM ships HmacSHA256", e);
        }
    }
}
