package dev.rung.task;

/** A caller's typed request; {@link #input()} is what the model sees, as untrusted data. */
public sealed interface TaskRequest permits LeadClassificationRequest, TicketTaggingRequest, FieldExtractionRequest {

    String subjectId();

    Stakes stakes();

    /** The part of the request the model classifies or extracts from. */
    Object input();
}
