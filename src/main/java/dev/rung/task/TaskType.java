package dev.rung.task;

import java.util.Arrays;
import java.util.Optional;

/** The task types Rung knows; the slug is what callers use in URLs and configuration. */
public enum TaskType {
    LEAD_CLASSIFICATION("lead-classification", LeadClassificationRequest.class),
    TICKET_TAGGING("ticket-tagging", TicketTaggingRequest.class),
    FIELD_EXTRACTION("field-extraction", FieldExtractionRequest.class);

    private final String slug;
    private final Class<? extends TaskRequest> requestType;

    TaskType(String slug, Class<? extends TaskRequest> requestType) {
        this.slug = slug;
        this.requestType = requestType;
    }

    public String slug() {
        return slug;
    }

    public Class<? extends TaskRequest> requestType() {
        return requestType;
    }

    public static Optional<TaskType> fromSlug(String slug) {
        return Arrays.stream(values()).filter(type -> type.slug.equals(slug)).findFirst();
    }
}
