package dev.rung.delivery.internal;

import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.ledger.TaskStatus;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Sends one attempt of a delivery and says how it ended. A 2xx is delivered; a timeout, no
 * connection, 408, 409, 429 or 5xx may work later; any other 4xx will not (a missing record, a bad
 * token, a property that does not exist), so it is not tried again. Only the status and a short
 * excerpt of the answer are kept: neither tokens nor headers.
 */
@Component
class DeliverySender {

    private static final int ERROR_EXCERPT = 300;

    private final TaskLedger ledger;
    private final HubSpotWriteBacks hubspot;
    private final ZendeskWriteBacks zendesk;
    private final CallbackDeliveries callbacks;
    private final HttpClient http;

    DeliverySender(
            TaskLedger ledger,
            HubSpotWriteBacks hubspot,
            ZendeskWriteBacks zendesk,
            CallbackDeliveries callbacks,
            DeliveryProperties properties) {
        this.ledger = ledger;
        this.hubspot = hubspot;
        this.zendesk = zendesk;
        this.callbacks = callbacks;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(properties.requestTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    SendResult send(DeliveryStore.Due due) {
        Optional<StoredTask> task = ledger.find(due.taskId());
        if (task.isEmpty()) {
            return new SendResult.Permanent(null, "the task no longer exists");
        }
        if (task.get().result() == null && task.get().status() == TaskStatus.SUCCEEDED) {
            return new SendResult.Skipped("the task's result was erased or purged");
        }
        Outbound outbound =
                switch (due.kind()) {
                    case HUBSPOT -> hubspot.build(due, task.get());
                    case ZENDESK -> zendesk.build(due, task.get());
                    case CALLBACK -> callbacks.build(due, task.get());
                };
        return switch (outbound) {
            case Outbound.Nothing nothing -> new SendResult.Skipped(nothing.why());
            case Outbound.Misconfigured misconfigured ->
                    new SendResult.Permanent(null, misconfigured.why());
            case Outbound.Send send -> exchange(send);
        };
    }

    private SendResult exchange(Outbound.Send send) {
        try {
            HttpResponse<String> response =
                    http.send(send.request(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new SendResult.Delivered(status, send.written());
            }
            String error = excerpt(response.body());
            if (status == 408 || status == 409 || status == 429 || status >= 500) {
                return new SendResult.Transient(
                        status,
                        error,
                        response.headers()
                                .firstValue("Retry-After")
                                .flatMap(DeliverySender::retryAfter));
            }
            return new SendResult.Permanent(status, error);
        } catch (IOException e) {
            return new SendResult.Transient(
                    null,
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + excerpt(e.getMessage())),
                    Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Transient(null, "interrupted", Optional.empty());
        }
    }

    /** Retry-After is seconds or an HTTP date (RFC 9110). */
    static Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(java.time.Instant.now(), at.toInstant()));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= ERROR_EXCERPT ? flat : flat.substring(0, ERROR_EXCERPT) + "…";
    }
}
