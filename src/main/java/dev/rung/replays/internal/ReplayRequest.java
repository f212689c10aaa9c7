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
        @Schema(
                        description =
                                "window (default): the served tasks of [from, to); shadow: a share"
                                        + " of the tasks served from now on, each rerun after its"
                                        + " answer is served, until cancelled or capped",
                        allowableValues = {"window", "shadow"})
                @Pattern(regexp = "window|shadow")
                String mode,
        @Schema(description = "Tasks created from this instant (mode window)") Instant from,
        @Schema(description = "Tasks created before this instant (mode window)") Instant to,
        @DecimalMin(value = "0", inclusive = false)
                @jakarta.validation.constraints.DecimalMax("1")
                @Schema(
                        description = "The share of served tasks to shadow (mode shadow)",
                        example = "0.1")
                BigDecimal share,
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
        @Size(max = 200) @Schema(description = "Who starts it; default api") String actor) {

    boolean shadow() {
        return "shadow".equals(mode);
    }
}
