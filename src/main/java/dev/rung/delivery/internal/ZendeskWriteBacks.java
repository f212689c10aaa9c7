package dev.rung.delivery.internal;

import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskStatus;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A write-back to Zendesk: {@code PUT /api/v2/tickets/{id}} with the answer's tags as {@code
 * additional_tags} (added, never replacing the agents' own), its priority and custom fields, with
 * an agent's API token.
 */
@Component
class ZendeskWriteBacks {

    private final DeliveryProperties properties;
    private final JsonMapper json;

    ZendeskWriteBacks(DeliveryProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    Outbound build(DeliveryStore.Due due, StoredTask task) {
        var zendesk = properties.zendesk();
        if (!zendesk.configured()) {
            return new Outbound.Misconfigured(
                    "no Zendesk API access: set rung.deliveries.zendesk.base-url, email and token "
                            + "(ZENDESK_API_TOKEN)");
        }
        ObjectNode written = json.createObjectNode();
        ObjectNode ticket = json.createObjectNode();
        var mapping = due.mapping();
        if (task.status() == TaskStatus.SUCCEEDED) {
            List<String> tags =
                    mapping.path("tags").isString()
                            ? ResultValues.texts(task.result(), mapping.path("tags").asString())
                            : List.of();
            if (!tags.isEmpty()) {
                tags(ticket, written, tags);
            }
            String priority =
                    mapping.path("priority").isString()
                            ? ResultValues.text(task.result(), mapping.path("priority").asString())
                            : null;
            if (priority != null) {
                ticket.put("priority", priority.toLowerCase(Locale.ROOT));
                written.put("priority", priority.toLowerCase(Locale.ROOT));
            }
            ArrayNode fields = json.createArrayNode();
            mapping.path("customFields")
                    .properties()
                    .forEach(
                            field -> {
                                String value =
                                        ResultValues.text(
                                                task.result(), field.getValue().asString());
                                if (value != null) {
                                    fields.addObject()
                                            .put("id", Long.parseLong(field.getKey()))
                                            .put("value", value);
                                }
                            });
            if (!fields.isEmpty()) {
                ticket.set("custom_fields", fields);
                written.set("customFields", fields);
            }
        } else {
            List<String> tags =
                    mapping.path("onFailureTags")
                            .valueStream()
                            .map(tag -> tag.asString(""))
                            .toList();
            if (!tags.isEmpty()) {
                tags(ticket, written, tags);
            }
        }
        if (ticket.isEmpty()) {
            return new Outbound.Nothing("task " + task.status() + "; nothing is mapped to write");
        }
        ObjectNode body = json.createObjectNode();
        body.set("ticket", ticket);
        String credentials = zendesk.email() + "/token:" + zendesk.token();
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        HubSpotWriteBacks.trimmed(zendesk.baseUrl())
                                                + "/api/v2/"
                                                + due.target()))
                        .timeout(properties.requestTimeout())
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        credentials.getBytes(
                                                                StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        return new Outbound.Send(request, written);
    }

    private static void tags(ObjectNode ticket, ObjectNode written, List<String> tags) {
        ArrayNode added = ticket.putArray("additional_tags");
        tags.forEach(added::add);
        written.set("tags", added.deepCopy());
    }
}
