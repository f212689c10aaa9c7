package dev.rung.intake.internal;

import dev.rung.task.LeadClassificationRequest;
import dev.rung.task.TaskRequest;
import dev.rung.task.TaskType;
import dev.rung.task.TicketTaggingRequest;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns each sender's body into a typed task request. */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /** A HubSpot contact (workflow "Send a webhook": {@code id}, {@code properties}) as a lead to classify. */
    static LeadClassificationRequest hubspotContact(JsonNode body) {
        JsonNode p = body.path("properties");
        Integer size = text(p, "numemployees").map(WebhookPayloads::leadingInt).orElse(null);
        var lead = new LeadClassificationRequest.Lead(text(p, "email").orElse(null), text(p, "firstname").orElse(null),
                text(p, "lastname").orElse(null), text(p, "company").orElse(null), text(p, "jobtitle").orElse(null), size,
                text(p, "industry").orElse(null), text(p, "country").orElse(null),
                text(p, "hs_analytics_source").orElse("hubspot"), text(p, "message").orElse(null));
        return new LeadClassificationRequest("hubspot:" + body.path("id").asString(""), lead, null);
    }

    /** A Zendesk "ticket created" event ({@code detail} holds the ticket) as a ticket to tag. */
    static TicketTaggingRequest zendeskTicket(JsonNode body) {
        JsonNode d = body.path("detail");
        var ticket = new TicketTaggingRequest.Ticket(text(d, "subject").orElse(null), text(d, "description").orElse(null),
                text(d.path("via"), "channel").orElse(null), null);
        return new TicketTaggingRequest("zendesk:" + d.path("id").asString(""), ticket, null);
    }

    /** A Standard Webhooks body whose task request sits at the configured JSON pointer. */
    static TaskRequest standard(JsonNode body, TaskType type, String pointer, JsonMapper json) {
        return json.treeToValue(body.at(pointer), type.requestType());
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString("").isBlank() ? Optional.empty() : Optional.of(value.asString());
    }

    private static Integer leadingInt(String text) {
        String digits = text.replaceAll("[^0-9].*$", "");
        try {
            return digits.isEmpty() || digits.length() > 9 ? null : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
