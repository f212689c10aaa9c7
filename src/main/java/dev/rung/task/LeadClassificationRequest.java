package dev.rung.task;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** An inbound lead to be labelled sales-ready, nurture, disqualified or spam (the set is configurable). */
public record LeadClassificationRequest(
        @NotBlank @Size(max = 200) String subjectId,
        @NotNull @Valid Lead lead,
        @Valid Stakes stakes) implements TaskRequest {

    public record Lead(
            @NotBlank @Email @Size(max = 320) String email,
            @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,
            @Size(max = 200) String company,
            @Size(max = 200) String title,
            @PositiveOrZero @Max(10_000_000) Integer companySize,
            @Size(max = 100) String industry,
            @Size(max = 100) String country,
            @Size(max = 100) String source,
            @Size(max = 5_000) String message) {
    }

    @Override
    public Object input() {
        return lead;
    }
}
