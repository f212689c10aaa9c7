package dev.rung.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A raw form fill from which company, role and size fields are extracted. */
public record FieldExtractionRequest(
        @NotBlank @Size(max = 200) String subjectId,
        @NotNull @Valid Form form,
        @Valid Stakes stakes) implements TaskRequest {

    public record Form(
            @Size(max = 100) Map<@Size(max = 100) String, @Size(max = 2_000) String> fields,
            @Size(max = 20_000) String text) {

        @JsonIgnore
        @Schema(hidden = true)
        @AssertTrue(message = "must have at least one field or some text")
        public boolean isNotEmpty() {
            return (fields != null && !fields.isEmpty()) || (text != null && !text.isBlank());
        }
    }

    @Override
    public Object input() {
        return form;
    }
}
