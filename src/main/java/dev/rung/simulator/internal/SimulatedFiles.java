package dev.rung.simulator.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated provider's files (OpenAI's Files API): batch inputs uploaded to it, and the output
 * and error files its batches write. Kept in memory, as a test double would.
 */
@Component
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class SimulatedFiles {

    /** An uploaded or written file. */
    record StoredFile(
            String id, String filename, String purpose, byte[] content, Instant createdAt) {}

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

    StoredFile store(String filename, String purpose, byte[] content) {
        String id = "file-" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        StoredFile file = new StoredFile(id, filename, purpose, content, Instant.now());
        files.put(id, file);
        return file;
    }

    Optional<StoredFile> find(String id) {
        return Optional.ofNullable(files.get(id));
    }

    /** The file object as the API returns it. */
    static ObjectNode view(StoredFile file) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", file.id());
        body.put("object", "file");
        body.put("bytes", file.content().length);
        body.put("created_at", file.createdAt().getEpochSecond());
        body.putNull("expires_at");
        body.put("filename", file.filename());
        body.put("purpose", file.purpose());
        body.put("status", "processed");
        body.putNull("status_details");
        return body;
    }
}
