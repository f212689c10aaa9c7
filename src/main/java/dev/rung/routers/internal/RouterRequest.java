package dev.rung.routers.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code POST /v1/routers}: train a new version of a router and evaluate it. */
@Schema(name = "CreateRouter")
record RouterRequest(
        @NotBlank
                @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}")
                @Schema(
                        example = "leads",
                        description =
                                "The router's name; each training makes a new version of it,"
                                        + " served as the policy learned:<name>@<version>")
                String name,
        @NotBlank @Schema(example = "lead-classification") String taskType,
        @Schema(
                        example = "nano-first",
                        description =
                                "The policy whose ladder the router starts on its first rung or"
                                        + " one higher; default the task type's Tier B policy")
                String basePolicy,
        @NotNull @Schema(description = "Train on the tasks created from this instant")
                Instant trainFrom,
        @NotNull @Schema(description = "... and before this one") Instant trainTo,
        @NotNull
                @Schema(
                        description =
                                "Evaluate by replaying the served tasks created from this instant"
                                        + " (a window apart from the training one)")
                Instant holdoutFrom,
        @NotNull @Schema(description = "... and before this one") Instant holdoutTo,
        @Size(max = 5)
                @Schema(
                        description =
                                "Policies replayed beside it, besides the base policy; default"
                                        + " [mini-only] where that policy exists",
                        example = "[\"mini-only\"]")
                List<@NotBlank String> compareWith,
        @DecimalMin("0")
                @DecimalMax("1")
                @Schema(
                        description =
                                "Start at the first rung when the predicted pass probability is at"
                                        + " least this; default: the first rung's mean cost over"
                                        + " the mean cost of what a failure there goes on to"
                                        + " spend, both from the training window")
                BigDecimal threshold,
        @NotNull
                @DecimalMin(value = "0", inclusive = false)
                @Schema(
                        description =
                                "USD the evaluation replays may spend together (split evenly)",
                        example = "5.00")
                BigDecimal spendCapUsd,
        @Size(max = 200) @Schema(description = "Who trains it; default api") String actor) {

    String actorOrDefault() {
        return actor == null || actor.isBlank() ? "api" : actor;
    }
}
