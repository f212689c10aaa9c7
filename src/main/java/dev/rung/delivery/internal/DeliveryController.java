package dev.rung.delivery.internal;

import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A task's deliveries with every attempt, and an operator's retry of a dead one. */
@RestController
@Tag(
        name = "Deliveries",
        description = "Results written back to CRMs and signed callbacks, with their attempts")
class DeliveryController {

    private final DeliveryStore store;

    DeliveryController(DeliveryStore store) {
        this.store = store;
    }

    @Schema(name = "Delivery")
    record DeliveryView(
            UUID id,
            @Schema(allowableValues = {"hubspot", "zendesk", "callback"}) String kind,
            @Schema(description = "The webhook source, or api for a callback URL the caller gave")
                    String source,
            @Schema(
                            description =
                                    "hubspot: <object type>/<record id>; zendesk: tickets/<id>;"
                                            + " callback: the URL")
                    String target,
            @Schema(
                            allowableValues = {
                                "planned",
                                "pending",
                                "delivering",
                                "delivered",
                                "skipped",
                                "dead"
                            },
                            description =
                                    "planned until the task ends; delivered, skipped (nothing to"
                                            + " write) or dead at the end")
                    String status,
            int attempts,
            Instant nextAttemptAt,
            @Schema(description = "After this it is dead if not delivered") Instant expiresAt,
            Integer lastStatus,
            String lastError,
            @Schema(description = "The values written to the record") JsonNode written,
            Instant createdAt,
            Instant finishedAt,
            List<AttemptView> history) {}

    @Schema(name = "DeliveryAttempt")
    record AttemptView(
            int seq,
            Instant at,
            @Schema(description = "null when no answer came") Integer httpStatus,
            String error,
            long latencyMs) {}

    @GetMapping(path = "/v1/tasks/{taskId}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "listDeliveries",
            summary = "Where the task's result went: each write-back or callback with its attempts")
    List<DeliveryView> ofTask(@PathVariable UUID taskId) {
        return store.ofTask(taskId).stream().map(DeliveryController::view).toList();
    }

    @PostMapping(path = "/v1/deliveries/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "retryDelivery",
            summary = "Try a dead delivery again, for another rung.deliveries.max-age")
    @ApiResponse(
            responseCode = "404",
            description = "No such delivery",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "409",
            description = "The delivery is not dead",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    List<DeliveryView> retry(@PathVariable UUID id) {
        UUID task =
                store.taskOf(id)
                        .orElseThrow(
                                () ->
                                        new ProblemException(
                                                ProblemType.DELIVERY_NOT_FOUND,
                                                "No delivery has this id."));
        if (!store.retryDead(id)) {
            throw new ProblemException(
                    ProblemType.DELIVERY_NOT_DEAD,
                    "Only a dead delivery can be retried; this one is still being tried or was"
                            + " delivered.");
        }
        return ofTask(task);
    }

    private static DeliveryView view(DeliveryStore.Listed d) {
        return new DeliveryView(
                d.id(),
                d.kind().name().toLowerCase(Locale.ROOT),
                d.source(),
                d.target(),
                d.status(),
                d.attempts(),
                d.nextAttemptAt(),
                d.expiresAt(),
                d.lastStatus(),
                d.lastError(),
                d.written(),
                d.createdAt(),
                d.finishedAt(),
                d.history().stream()
                        .map(
                                a ->
                                        new AttemptView(
                                                a.seq(),
                                                a.at(),
                                                a.httpStatus(),
                                                a.error(),
                                                a.latencyMs()))
                        .toList());
    }
}
