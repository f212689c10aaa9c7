package dev.rung.replays.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code POST /v1/replays}. */
@Schema(name = "CreateReplay")
record ReplayRequest(
        @NotBlank @Schema(example = "lead-classification") String taskType,
        @NotBlank @Schema(description = "The candidate routing policy", example = "nano-first")
                String policy,
        @NotNull @Schema(description = "Tasks created from this instant") Instant from,
        @NotNull @Schema(description = "Tasks created before this instant") Instant to,
        @Size(max = 100)
                @Schema(
                        description =
                                "Only tasks from this source: api, or a webhook source (hubspot,"
                                        + " zendesk, ...); all when left out")
                String source,
        @Pattern(regexp = "A|B") @Schema(description = "Only tasks of this tier; all when left out")
                String tier,
        @NotNull
                @DecimalMin(value = "0", inclusive = false)
                @Schema(
                        description =
                                "USD the replay may spend; it stops (capped) once it has spent"
                                        + " this much",
                        example = "5.00")
                BigDecimal spendCapUsd,
        @Size(max = 200) @Schema(description = "Who starts it; default api") String actor) {}
