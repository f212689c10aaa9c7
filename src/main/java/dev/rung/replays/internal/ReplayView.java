package dev.rung.replays.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A replay and how far it got. */
@Schema(name = "Replay")
record ReplayView(
        UUID id,
        String taskType,
        String policy,
        @Schema(allowableValues = {"window", "shadow"}) String mode,
        @Schema(description = "mode window: tasks created from this instant") Instant from,
        @Schema(description = "mode window: tasks created before this instant") Instant to,
        @Schema(description = "mode shadow: the share of served tasks rerun") BigDecimal share,
        String source,
        String tier,
        BigDecimal spendCapUsd,
        @Schema(allowableValues = {"running", "completed", "cancelled", "capped", "failed"})
                String status,
        @Schema(description = "Tasks of the window to replay, erased ones included") int candidates,
        @Schema(description = "Tasks replayed so far") int processed,
        @Schema(description = "Tasks not replayed because their input was erased or purged")
                int skippedErased,
        @Schema(description = "What the replayed tasks cost so far; unpriced calls not included")
                BigDecimal spentUsd,
        String createdBy,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "Why a failed replay stopped") String error) {}
