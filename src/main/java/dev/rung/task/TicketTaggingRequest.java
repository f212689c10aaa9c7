package dev.rung.task;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A support ticket to be tagged (1–3 tags from a configurable set) and prioritised. */
public record TicketTaggingRequest(
        @NotBlank @Size(max = 200) String subjectId,
        @NotNull @Valid Ticket ticket,
        @Valid Stakes stakes) implements TaskRequest {

    public record Ticket(
            @NotBlank @Size(max = 500) String subject,
            @NotBlank @Size(max = 20_000) String body,
            @Size(max = 50) String channel,
            @Size(max = 50) String customerPlan) {
    }

    @Override
    public Object input() {
        return ticket;
    }
}
