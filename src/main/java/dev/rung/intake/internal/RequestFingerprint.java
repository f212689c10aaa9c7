package dev.rung.intake.internal;

import dev.rung.task.TaskRequest;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical form of a request ({@code subjectId}, the input with its keys sorted and nulls
 * dropped, the stakes flags that are set) and its SHA-256: two bodies that mean the same thing get
 * the same hash, whatever their key order, whitespace, or whether the input came as {@code input}
 * or under its older name.
 */
@Component
class RequestFingerprint {

    private final JsonMapper json;

    RequestFingerprint(JsonMapper json) {
        this.json = json;
    }

    JsonNode canonical(TaskRequest request) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        canonical.set("input", request.input());
        ObjectNode stakes = json.valueToTree(request.stakes());
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        stakes.properties().stream()
                .filter(flag -> flag.getValue().asBoolean(false))
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(flag -> set.put(flag.getKey(), true));
        if (!set.isEmpty()) {
            canonical.set("stakes", set);
        }
        canonical.put("subjectId", request.subjectId());
        return canonical;
    }

    String sha256(String type, JsonNode canonical) {
        try {
            byte[] text =
                    (type + '\n' + json.writeValueAsString(canonical))
                            .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
