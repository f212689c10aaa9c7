package dev.rung.delivery.internal;

import dev.rung.delivery.Corrections;
import dev.rung.delivery.DeliveryKind;
import dev.rung.experiments.GroundTruthStore;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Corrections from the CRMs. A change is one only when it changes a value Rung wrote, on a record
 * Rung last wrote, to something else, by someone other than Rung's own app or agent; it is recorded
 * as the correct value of the answer field that was written there, with the person's id and the
 * time it happened.
 */
@Component
class CrmCorrections implements Corrections {

    private static final Logger log = LoggerFactory.getLogger(CrmCorrections.class);

    private final DeliveryStore store;
    private final TaskLedger ledger;
    private final GroundTruthStore groundTruth;
    private final ZendeskTags tags;
    private final DeliveryProperties properties;
    private final JsonMapper json;

    CrmCorrections(
            DeliveryStore store,
            TaskLedger ledger,
            GroundTruthStore groundTruth,
            ZendeskTags tags,
            DeliveryProperties properties,
            JsonMapper json) {
        this.store = store;
        this.ledger = ledger;
        this.groundTruth = groundTruth;
        this.tags = tags;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public int fromHubSpot(JsonNode events) {
        int corrections = 0;
        for (JsonNode event : events.isArray() ? events : json.createArrayNode().add(events)) {
            corrections += hubspotEvent(event) ? 1 : 0;
        }
        return corrections;
    }

    private boolean hubspotEvent(JsonNode event) {
        String type = event.path("subscriptionType").asString("");
        Optional<String> object = hubspotObject(type, event.path("objectTypeId").asString(""));
        String property = event.path("propertyName").asString("");
        if (!type.endsWith("propertyChange") || object.isEmpty() || property.isEmpty()) {
            return false;
        }
        String ownApp = properties.hubspot().ownAppId();
        String source = event.path("sourceId").asString("");
        if (ownApp != null
                && !ownApp.isBlank()
                && (source.equals(ownApp) || source.endsWith(":" + ownApp))) {
            return false;
        }
        String target = object.get() + "/" + text(event.path("objectId"));
        var written = store.lastWritten(DeliveryKind.HUBSPOT, target);
        String value = event.path("propertyValue").asString("");
        if (written.isEmpty()
                || !written.get().written().has(property)
                || written.get().written().path(property).asString("").equals(value)) {
            return false;
        }
        String pointer = written.get().mapping().path("properties").path(property).asString("");
        Optional<StoredTask> task = ledger.find(written.get().taskId());
        if (!isField(pointer) || task.isEmpty()) {
            return false;
        }
        ObjectNode correct = json.createObjectNode();
        JsonNode answered =
                task.get().result() == null
                        ? json.missingNode()
                        : task.get().result().path(pointer.substring(1));
        correct.set(pointer.substring(1), typedLike(value, answered));
        String who =
                event.path("sourceId").asString(event.path("changeSource").asString("unknown"));
        record(
                task.get(),
                correct,
                "hubspot:" + who,
                GroundTruthStore.Source.HUBSPOT,
                "HubSpot property " + property + " changed on " + target,
                millis(event.path("occurredAt")));
        return true;
    }

    @Override
    public int fromZendesk(JsonNode event) {
        String type = event.path("type").asString("");
        JsonNode detail = event.path("detail");
        String actor = text(detail.path("actor_id"));
        String ownUser = properties.zendesk().ownUserId();
        if (!type.startsWith("zen:event-type:ticket.")
                || !type.endsWith("_changed")
                || (ownUser != null && !ownUser.isBlank() && ownUser.equals(actor))) {
            return 0;
        }
        String target = "tickets/" + text(detail.path("id"));
        var written = store.lastWritten(DeliveryKind.ZENDESK, target);
        Optional<StoredTask> task = written.flatMap(w -> ledger.find(w.taskId()));
        if (task.isEmpty()) {
            return 0;
        }
        ObjectNode correct = json.createObjectNode();
        JsonNode mapping = written.get().mapping();
        String priorityField = mapping.path("priority").asString("");
        String priority = detail.path("priority").asString("").toLowerCase(java.util.Locale.ROOT);
        if (isField(priorityField)
                && written.get().written().has("priority")
                && !priority.isEmpty()
                && !priority.equals(written.get().written().path("priority").asString())) {
            correct.put(priorityField.substring(1), priority);
        }
        String tagsField = mapping.path("tags").asString("");
        if (isField(tagsField) && written.get().written().has("tags")) {
            tags.corrected(
                            task.get(),
                            tagsField.substring(1),
                            detail.path("tags"),
                            written.get().written().path("tags"))
                    .ifPresent(corrected -> correct.set(tagsField.substring(1), corrected));
        }
        if (correct.isEmpty()) {
            return 0;
        }
        record(
                task.get(),
                correct,
                "zendesk:user:" + actor,
                GroundTruthStore.Source.ZENDESK,
                "Zendesk " + type.substring("zen:event-type:".length()) + " on " + target,
                time(event.path("time")));
        return 1;
    }

    private void record(
            StoredTask task,
            ObjectNode correct,
            String reviewer,
            GroundTruthStore.Source source,
            String note,
            Instant at) {
        groundTruth.record(task.id(), correct, reviewer, source, note, at);
        log.info(
                "Correction from {} recorded as ground truth for task {} ({})",
                source,
                task.id(),
                String.join(", ", correct.propertyNames()));
    }

    /**
     * The value a person entered, as the answer held it: a number, true/false, a list split at ';',
     * or text.
     */
    private JsonNode typedLike(String value, JsonNode answered) {
        if (answered.isNumber()) {
            try {
                return json.getNodeFactory().numberNode(new java.math.BigDecimal(value));
            } catch (NumberFormatException e) {
                return json.getNodeFactory().stringNode(value);
            }
        }
        if (answered.isBoolean()) {
            return json.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        if (answered.isArray()) {
            var items = json.createArrayNode();
            List.of(value.split(";")).forEach(items::add);
            return items;
        }
        return json.getNodeFactory().stringNode(value);
    }

    /** Only top-level answer fields are corrected: "/label", not "/address/city". */
    private static boolean isField(String pointer) {
        return pointer.startsWith("/") && pointer.length() > 1 && pointer.indexOf('/', 1) < 0;
    }

    private static Optional<String> hubspotObject(String subscriptionType, String objectTypeId) {
        if (subscriptionType.startsWith("contact.") || objectTypeId.equals("0-1")) {
            return Optional.of("contacts");
        }
        if (subscriptionType.startsWith("company.") || objectTypeId.equals("0-2")) {
            return Optional.of("companies");
        }
        return Optional.empty();
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }

    private static Instant millis(JsonNode value) {
        return value.isNumber() ? Instant.ofEpochMilli(value.asLong()) : Instant.now();
    }

    private static Instant time(JsonNode value) {
        try {
            return Instant.parse(value.asString(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.now();
        }
    }
}
