package dev.rung.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three signature schemes Rung accepts, each exactly as its sender documents it. Every
 * comparison is constant-time; any of the configured secrets may match (rotation); a timestamp
 * outside the tolerance is refused, so a captured request cannot be replayed later.
 */
final class WebhookSignatures {

    /** HubSpot decodes these escapes in the URI before signing it. */
    private static final Pattern HUBSPOT_DECODED =
            Pattern.compile("%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)", Pattern.CASE_INSENSITIVE);

    private WebhookSignatures() {}

    /** HubSpot v3: base64 HMAC-SHA256 of method + URI + body + timestamp (milliseconds). */
    static boolean hubspot(
            List<String> secrets,
            String method,
            String uri,
            byte[] body,
            String timestamp,
            String signature,
            Instant now,
            Duration tolerance) {
        Instant sent;
        try {
            sent = Instant.ofEpochMilli(Long.parseLong(timestamp));
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        String signed =
                method
                        + decodeHubSpotUri(uri)
                        + new String(body, StandardCharsets.UTF_8)
                        + timestamp;
        return fresh(sent, now, tolerance)
                && anyMatches(
                        secrets,
                        secret -> secret.getBytes(StandardCharsets.UTF_8),
                        signed.getBytes(StandardCharsets.UTF_8),
                        signature);
    }

    /** Zendesk: base64 HMAC-SHA256 of timestamp + body, no separator. */
    static boolean zendesk(
            List<String> secrets,
            byte[] body,
            String timestamp,
            String signature,
            Instant now,
            Duration tolerance) {
        Instant sent;
        try {
            sent = Instant.parse(timestamp);
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
        byte[] signed = concat(timestamp.getBytes(StandardCharsets.UTF_8), body);
        return fresh(sent, now, tolerance)
                && anyMatches(
                        secrets,
                        secret -> secret.getBytes(StandardCharsets.UTF_8),
                        signed,
                        signature);
    }

    /**
     * Standard Webhooks 1.0: {@code v1,<base64>} entries over id.timestamp.body, key from the
     * {@code whsec_} secret.
     */
    static boolean standard(
            List<String> secrets,
            String id,
            String timestamp,
            byte[] body,
            String signatures,
            Instant now,
            Duration tolerance) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        Instant sent;
        try {
            sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        if (!fresh(sent, now, tolerance)) {
            return false;
        }
        for (String entry : signatures.trim().split(" +")) {
            if (entry.startsWith("v1,")
                    && anyMatches(
                            secrets, WebhookSignatures::whsecKey, signed, entry.substring(3))) {
                return true;
            }
        }
        return false;
    }

    static String decodeHubSpotUri(String uri) {
        Matcher matcher = HUBSPOT_DECODED.matcher(uri);
        StringBuilder decoded = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(
                    decoded,
                    Matcher.quoteReplacement(
                            String.valueOf(
                                    (char)
                                            Integer.parseInt(
                                                    matcher.group(1).toUpperCase(Locale.ROOT),
                                                    16))));
        }
        return matcher.appendTail(decoded).toString();
    }

    private static byte[] whsecKey(String secret) {
        return Base64.getDecoder()
                .decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    }

    private static boolean fresh(Instant sent, Instant now, Duration tolerance) {
        return !sent.isBefore(now.minus(tolerance)) && !sent.isAfter(now.plus(tolerance));
    }

    private static boolean anyMatches(
            List<String> secrets,
            java.util.function.Function<String, byte[]> key,
            byte[] signed,
            String signature) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature == null ? "" : signature.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean matched = false;
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue; // an unset secret must never verify anything
            }
            // Every secret is tried, matched or not, so timing does not reveal which one matched.
            matched |= MessageDigest.isEqual(hmac(key.apply(secret), signed), given);
        }
        return matched;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is available on every JVM", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
