package dev.rung.intake.internal;

import dev.rung.task.TaskRequest;
import dev.rung.task.TaskType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical form of a request (record fields in declaration order, map keys sorted, absent and null
 * alike) and its SHA-256: two bodies that mean the same thing get the same hash, whatever their key order
 * or whitespace.
 */
@Component
class RequestFingerprint {

    private final JsonMapper canonicalJson;

    RequestFingerprint(JsonMapper json) {
        this.canonicalJson = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    }

    JsonNode canonical(TaskRequest request) {
        return canonicalJson.valueToTree(request);
    }

    /** The canonical JSON of only what the model sees (not the subject or the stakes), for the response cache. */
    JsonNode canonicalInput(TaskRequest request) {
        return canonicalJson.valueToTree(request.input());
    }

    String sha256(TaskType type, JsonNode canonical) {
        try {
            byte[] text = (type.slug() + '\n' + canonicalJson.writeValueAsString(canonical))
                    .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
