package dev.rung.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One correctly signed request per sender, accepted as it is and refused when one byte changes. */
class WebhookSignaturesTest {

    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    final JsonNode vectors = load();

    @Test
    void hubspotV3() {
        JsonNode v = vectors.path("hubspot_v3");
        List<String> secrets = List.of("an-old-secret", v.path("secret").asString());
        String timestamp = v.path("headers").path("X-HubSpot-Request-Timestamp").asString();
        String signature = v.path("headers").path("X-HubSpot-Signature-v3").asString();
        byte[] body = bytes(v.path("body").asString());
        Instant sentAt = Instant.ofEpochMilli(Long.parseLong(timestamp));
        String uri = v.path("uri").asString();

        assertThat(
                        WebhookSignatures.hubspot(
                                secrets,
                                "POST",
                                uri,
                                body,
                                timestamp,
                                signature,
                                sentAt.plusSeconds(10),
                                FIVE_MINUTES))
                .isTrue();
        assertThat(
                        WebhookSignatures.hubspot(
                                secrets,
                                "POST",
                                uri,
                                tamper(body),
                                timestamp,
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.hubspot(
                                secrets,
                                "POST",
                                uri,
                                body,
                                String.valueOf(Long.parseLong(timestamp) + 1),
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.hubspot(
                                secrets,
                                "POST",
                                uri,
                                body,
                                timestamp,
                                flip(signature),
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.hubspot(
                                secrets,
                                "POST",
                                uri,
                                body,
                                timestamp,
                                signature,
                                sentAt.plus(Duration.ofMinutes(6)),
                                FIVE_MINUTES))
                .as("stale")
                .isFalse();
        assertThat(
                        WebhookSignatures.hubspot(
                                List.of("wrong"),
                                "POST",
                                uri,
                                body,
                                timestamp,
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
    }

    @Test
    void zendesk() {
        JsonNode v = vectors.path("zendesk");
        List<String> secrets = List.of(v.path("secret").asString());
        String timestamp =
                v.path("headers").path("X-Zendesk-Webhook-Signature-Timestamp").asString();
        String signature = v.path("headers").path("X-Zendesk-Webhook-Signature").asString();
        byte[] body = bytes(v.path("body").asString());
        Instant sentAt = Instant.parse(timestamp);

        assertThat(
                        WebhookSignatures.zendesk(
                                secrets, body, timestamp, signature, sentAt, FIVE_MINUTES))
                .isTrue();
        assertThat(
                        WebhookSignatures.zendesk(
                                secrets, tamper(body), timestamp, signature, sentAt, FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.zendesk(
                                secrets,
                                body,
                                "2026-11-24T10:15:02Z",
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.zendesk(
                                secrets, body, timestamp, flip(signature), sentAt, FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.zendesk(
                                secrets,
                                body,
                                timestamp,
                                signature,
                                sentAt.plus(Duration.ofHours(1)),
                                FIVE_MINUTES))
                .isFalse();
    }

    @Test
    void standardWebhooks() {
        JsonNode v = vectors.path("standard_webhooks");
        List<String> secrets = List.of(v.path("secret").asString());
        String id = v.path("headers").path("webhook-id").asString();
        String timestamp = v.path("headers").path("webhook-timestamp").asString();
        String signature = v.path("headers").path("webhook-signature").asString();
        byte[] body = bytes(v.path("body").asString());
        Instant sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp));

        assertThat(
                        WebhookSignatures.standard(
                                secrets, id, timestamp, body, signature, sentAt, FIVE_MINUTES))
                .isTrue();
        assertThat(
                        WebhookSignatures.standard(
                                secrets,
                                id,
                                timestamp,
                                body,
                                "v1,bm90LXRoaXMtb25l " + signature,
                                sentAt,
                                FIVE_MINUTES))
                .as("any listed v1 signature")
                .isTrue();
        assertThat(
                        WebhookSignatures.standard(
                                secrets,
                                id,
                                timestamp,
                                tamper(body),
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.standard(
                                secrets,
                                id + "x",
                                timestamp,
                                body,
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.standard(
                                secrets,
                                id,
                                String.valueOf(Long.parseLong(timestamp) + 1),
                                body,
                                signature,
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
        assertThat(
                        WebhookSignatures.standard(
                                secrets,
                                id,
                                timestamp,
                                body,
                                "v1," + flip(signature.substring(3)),
                                sentAt,
                                FIVE_MINUTES))
                .isFalse();
    }

    @Test
    void hubspotDecodesTheDocumentedEscapesBeforeSigning() {
        assertThat(WebhookSignatures.decodeHubSpotUri("https://x.io/a%3Ab%2Fc?d=%40e%2520"))
                .isEqualTo("https://x.io/a:b/c?d=@e%2520");
    }

    private static byte[] tamper(byte[] body) {
        byte[] changed = body.clone();
        changed[changed.length / 2] ^= 1;
        return changed;
    }

    private static String flip(String base64) {
        char first = base64.charAt(0);
        return (first == 'A' ? 'B' : 'A') + base64.substring(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode load() {
        try {
            return JsonMapper.builder()
                    .build()
                    .readTree(
                            new ClassPathResource("webhook-vectors/vectors.json").getInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
