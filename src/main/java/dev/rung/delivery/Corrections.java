package dev.rung.delivery;

import tools.jackson.databind.JsonNode;

/**
 * Changes people make in a CRM to what Rung wrote there, turned into ground truth for the task that
 * wrote it. A change to what Rung itself wrote (the echo of its own write, or a change by its own
 * app or agent) is never a correction.
 */
public interface Corrections {

    /**
     * A HubSpot webhook delivery: an array of events ({@code contact.propertyChange}, ...); how
     * many were corrections.
     */
    int fromHubSpot(JsonNode events);

    /**
     * A Zendesk ticket event ({@code zen:event-type:ticket.tags_changed}, {@code
     * ...priority_changed}); 1 when a correction.
     */
    int fromZendesk(JsonNode event);
}
