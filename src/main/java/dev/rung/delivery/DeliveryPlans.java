package dev.rung.delivery;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans where a task's result goes when the task ends. Called where a task is accepted, in the same
 * transaction as its row, so a stored task never lacks its deliveries and a refused one has none.
 */
public interface DeliveryPlans {

    /**
     * What a webhook source's task delivers, as the source is configured: a write-back to its
     * record, a callback.
     */
    void forWebhook(UUID taskId, String source, JsonNode body);

    /**
     * The write-back {@code source} is configured with, to the record {@code recordId} (a bulk
     * job's line names its record); nothing when the source has none configured.
     */
    void forRecord(UUID taskId, String source, String recordId);

    /** Why {@code source} cannot take write-backs of named records, if it cannot. */
    Optional<String> writeBackRefusal(String source);

    /**
     * A signed callback to a URL the caller gave with an async task; check it with {@link
     * #refusal(String)} first.
     */
    void forCaller(UUID taskId, URI url);

    /**
     * Why a caller's callback URL cannot be used (not https, a private address, not an allowed
     * host), if it cannot.
     */
    Optional<String> refusal(String url);
}
