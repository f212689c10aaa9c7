package dev.rung.delivery.internal;

import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskStatus;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A write-back to HubSpot: {@code PATCH /crm/v3/objects/{object}/{id}} with {@code {"properties":
 * {…}}}, the answer's fields as the source maps them (or the source's on-failure values for a
 * failed task), with a private app's token.
 */
@Component
class HubSpotWriteBacks {

    private final DeliveryProperties properties;
    private final JsonMapper json;

    HubSpotWriteBacks(DeliveryProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    Outbound build(DeliveryStore.Due due, StoredTask task) {
        String token = properties.hubspot().token();
        if (!properties.hubspot().configured()) {
            return new Outbound.Misconfigured(
                    "no HubSpot token: set rung.deliveries.hubspot.token"
                            + " (HUBSPOT_PRIVATE_APP_TOKEN)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (task.status() == TaskStatus.SUCCEEDED) {
            due.mapping()
                    .path("properties")
                    .properties()
                    .forEach(
                            property -> {
                                String value =
                                        ResultValues.text(
                                                task.result(), property.getValue().asString());
                                if (value != null) {
                                    values.put(property.getKey(), value);
                                }
                            });
        } else {
            due.mapping()
                    .path("onFailure")
                    .properties()
                    .forEach(p -> values.put(p.getKey(), p.getValue().asString()));
        }
        if (values.isEmpty()) {
            return new Outbound.Nothing("task " + task.status() + "; nothing is mapped to write");
        }
        ObjectNode written = json.valueToTree(values);
        ObjectNode body = json.createObjectNode();
        body.set("properties", written);
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        trimmed(properties.hubspot().baseUrl())
                                                + "/crm/v3/objects/"
                                                + due.target()))
                        .timeout(properties.requestTimeout())
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        return new Outbound.Send(request, written);
    }

    static String trimmed(String baseUrl) {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
