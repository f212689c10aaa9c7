package dev.rung.webhooks.internal;

import dev.rung.delivery.Corrections;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Signed webhooks from CRMs and helpdesks. The signature is checked before anything is parsed or
 * stored; the answer (202) comes as soon as the task is queued, independent of model latency.
 */
@RestController
@Tag(
        name = "Webhooks",
        description = "Signed deliveries from HubSpot, Zendesk and Standard Webhooks senders")
@ApiResponse(
        responseCode = "202",
        description = "Queued (or, for a retried delivery, the first copy's task)")
@ApiResponse(
        responseCode = "401",
        description = "Missing, wrong or stale signature; nothing stored",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class WebhookController {

    private final WebhookProperties properties;
    private final WebhookIntake intake;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Corrections corrections;

    WebhookController(
            WebhookProperties properties,
            WebhookIntake intake,
            JsonMapper json,
            MeterRegistry meters,
            Corrections corrections) {
        this.corrections = corrections;
        this.properties = properties;
        this.intake = intake;
        this.json = json;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    @PostMapping(
            path = "/v1/webhooks/hubspot",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "HubSpot workflow webhook (signature v3): a CRM record, by default a contact to"
                            + " classify as a lead (rung.webhooks.hubspot)")
    ResponseEntity<WebhookIntake.Accepted> hubspot(
            @RequestBody byte[] body,
            HttpServletRequest request,
            @RequestHeader(name = "X-HubSpot-Signature-v3", required = false) String signature,
            @RequestHeader(name = "X-HubSpot-Request-Timestamp", required = false)
                    String timestamp) {
        String uri =
                properties.publicBaseUrl()
                        + request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        require(
                "hubspot",
                WebhookSignatures.hubspot(
                        properties.hubspot().secrets(),
                        request.getMethod(),
                        uri,
                        body,
                        timestamp,
                        signature,
                        clock.instant(),
                        properties.tolerance()));
        // HubSpot's deliveries carry no id; a retry repeats the same body, so the body's hash
        // identifies it.
        return accepted(intake.accept("hubspot", sha256(body), properties.hubspot(), parse(body)));
    }

    @PostMapping(
            path = "/v1/webhooks/zendesk",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Zendesk webhook: by default a created ticket to tag (rung.webhooks.zendesk)")
    ResponseEntity<WebhookIntake.Accepted> zendesk(
            @RequestBody byte[] body,
            @RequestHeader(name = "X-Zendesk-Webhook-Signature", required = false) String signature,
            @RequestHeader(name = "X-Zendesk-Webhook-Signature-Timestamp", required = false)
                    String timestamp) {
        require(
                "zendesk",
                WebhookSignatures.zendesk(
                        properties.zendesk().secrets(),
                        body,
                        timestamp,
                        signature,
                        clock.instant(),
                        properties.tolerance()));
        JsonNode event = parse(body);
        String id = event.path("id").asString("");
        return accepted(
                intake.accept(
                        "zendesk", id.isEmpty() ? sha256(body) : id, properties.zendesk(), event));
    }

    /**
     * How many of a delivery's changes were corrections of what Rung wrote, now ground truth for
     * their tasks.
     */
    record Corrected(int corrections) {}

    @PostMapping(
            path = "/v1/webhooks/hubspot/changes",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "hubspotChanges",
            summary =
                    "HubSpot app webhook (signature v3): property changes; a person's change to a"
                            + " property Rung wrote is ground truth for the task that wrote it")
    ResponseEntity<Corrected> hubspotChanges(
            @RequestBody byte[] body,
            HttpServletRequest request,
            @RequestHeader(name = "X-HubSpot-Signature-v3", required = false) String signature,
            @RequestHeader(name = "X-HubSpot-Request-Timestamp", required = false)
                    String timestamp) {
        String uri =
                properties.publicBaseUrl()
                        + request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        require(
                "hubspot",
                WebhookSignatures.hubspot(
                        properties.hubspot().secrets(),
                        request.getMethod(),
                        uri,
                        body,
                        timestamp,
                        signature,
                        clock.instant(),
                        properties.tolerance()));
        return ResponseEntity.ok(new Corrected(corrections.fromHubSpot(parseJson(body))));
    }

    @PostMapping(
            path = "/v1/webhooks/zendesk/changes",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "zendeskChanges",
            summary =
                    "Zendesk webhook for ticket changes (tags, priority, custom fields); an agent's"
                        + " change to what Rung wrote is ground truth for the task that wrote it")
    ResponseEntity<Corrected> zendeskChanges(
            @RequestBody byte[] body,
            @RequestHeader(name = "X-Zendesk-Webhook-Signature", required = false) String signature,
            @RequestHeader(name = "X-Zendesk-Webhook-Signature-Timestamp", required = false)
                    String timestamp) {
        require(
                "zendesk",
                WebhookSignatures.zendesk(
                        properties.zendesk().secrets(),
                        body,
                        timestamp,
                        signature,
                        clock.instant(),
                        properties.tolerance()));
        return ResponseEntity.ok(new Corrected(corrections.fromZendesk(parse(body))));
    }

    @PostMapping(
            path = "/v1/webhooks/{source}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Standard Webhooks 1.0 sender configured under rung.webhooks.sources.{source}:"
                            + " its task type and how its body maps to the input")
    ResponseEntity<WebhookIntake.Accepted> standard(
            @PathVariable String source,
            @RequestBody byte[] body,
            @RequestHeader(name = "webhook-id", required = false) String id,
            @RequestHeader(name = "webhook-timestamp", required = false) String timestamp,
            @RequestHeader(name = "webhook-signature", required = false) String signature) {
        WebhookProperties.Sender configured = properties.sources().get(source);
        if (configured == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No webhook source has this name.");
        }
        require(
                source,
                WebhookSignatures.standard(
                        configured.secrets(),
                        id,
                        timestamp,
                        body,
                        signature,
                        clock.instant(),
                        properties.tolerance()));
        return accepted(intake.accept(source, id, configured, parse(body)));
    }

    private void require(String source, boolean verified) {
        if (!verified) {
            meters.counter("rung.webhooks.rejected", "source", source).increment();
            throw new ProblemException(
                    ProblemType.UNAUTHORIZED, "The signature is missing, wrong or too old.");
        }
    }

    private JsonNode parse(byte[] body) {
        JsonNode node = parseJson(body);
        if (!node.isObject()) {
            throw new ProblemException(
                    ProblemType.MALFORMED_JSON, "The delivery is not a JSON object.");
        }
        return node;
    }

    private JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !(node.isObject() || node.isArray())) {
                throw new ProblemException(
                        ProblemType.MALFORMED_JSON, "The delivery is not a JSON object or array.");
            }
            return node;
        } catch (JacksonException e) {
            throw new ProblemException(
                    ProblemType.MALFORMED_JSON, "The delivery is not valid JSON.");
        }
    }

    private static ResponseEntity<WebhookIntake.Accepted> accepted(
            WebhookIntake.Accepted accepted) {
        return ResponseEntity.accepted()
                .location(URI.create("/v1/tasks/" + accepted.taskId()))
                .body(accepted);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
