package dev.rung.delivery.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code rung.deliveries}: the CRMs' APIs (base URLs are settings, so a sandbox or a stub can stand
 * in; tokens come from the environment), what each webhook source writes back or calls back, and
 * how long and how often a delivery is tried.
 *
 * @param sources per webhook source name (hubspot, zendesk, or a Standard Webhooks source): its
 *     write-back or callback
 * @param maxAge how long a delivery is tried after its task ended before it is dead
 * @param backoff first wait after a failed attempt, doubling (with jitter) up to {@code maxBackoff}
 */
@Validated
@ConfigurationProperties("rung.deliveries")
public record DeliveryProperties(
        @DefaultValue HubSpot hubspot,
        @DefaultValue Zendesk zendesk,
        @DefaultValue Callbacks callbacks,
        @DefaultValue Map<String, @Valid Source> sources,
        @DefaultValue("24h") Duration maxAge,
        @DefaultValue("5s") Duration backoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("8") @Min(1) int concurrency,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("2m") Duration lease) {

    /**
     * @param token a private app's access token ({@code HUBSPOT_PRIVATE_APP_TOKEN})
     * @param ownAppId the private app's id: a property change HubSpot reports from it is Rung's own
     *     write
     */
    public record HubSpot(
            @DefaultValue("https://api.hubapi.com") String baseUrl, String token, String ownAppId) {

        boolean configured() {
            return token != null && !token.isBlank();
        }
    }

    /**
     * @param baseUrl {@code https://<subdomain>.zendesk.com}
     * @param email the agent the API token belongs to (Zendesk's basic auth is {@code
     *     <email>/token:<token>})
     * @param ownUserId that agent's user id: a ticket change Zendesk reports from it is Rung's own
     *     write
     */
    public record Zendesk(String baseUrl, String email, String token, String ownUserId) {

        boolean configured() {
            return baseUrl != null
                    && !baseUrl.isBlank()
                    && email != null
                    && !email.isBlank()
                    && token != null
                    && !token.isBlank();
        }
    }

    /**
     * Callbacks to URLs callers give with their tasks ({@code Rung-Callback-Url}).
     *
     * @param secret signs them ({@code whsec_…}, {@code RUNG_CALLBACK_SECRET}); without one,
     *     callers cannot ask for callbacks
     * @param allowedHosts the hosts a caller may name (exactly, or {@code *.example.com}); empty:
     *     any public host over https
     */
    public record Callbacks(String secret, @DefaultValue List<String> allowedHosts) {}

    /**
     * What one webhook source's tasks deliver: a write-back to the record they came from, or a
     * callback.
     */
    public record Source(@DefaultValue WriteBack writeBack, @DefaultValue Callback callback) {}

    /**
     * How a source's tasks are written back to the record they came from. Answer fields are JSON
     * Pointers into the task's result. Nothing is written back unless {@code recordId} is set.
     *
     * @param recordId a JSON Pointer into the webhook's body: the id of the record to write to
     * @param object HubSpot: the object type of the record, {@code contacts} (default) or {@code
     *     companies}
     * @param properties HubSpot: CRM property to answer field, e.g. {@code rung_lead_label: /label}
     * @param onFailure HubSpot: what a failed task writes, property to value; empty: a failed task
     *     writes nothing
     * @param tags Zendesk: the answer field whose tag or tags are added to the ticket
     * @param priority Zendesk: the answer field holding the ticket's priority (low, normal, high,
     *     urgent)
     * @param customFields Zendesk: custom field id to answer field
     * @param onFailureTags Zendesk: the tags a failed task adds (e.g. {@code rung-needs-review});
     *     empty: nothing
     */
    public record WriteBack(
            String recordId,
            @DefaultValue("contacts") String object,
            @DefaultValue Map<String, String> properties,
            @DefaultValue Map<String, String> onFailure,
            String tags,
            String priority,
            @DefaultValue Map<String, String> customFields,
            @DefaultValue List<String> onFailureTags) {

        boolean enabled() {
            return recordId != null && !recordId.isBlank();
        }
    }

    /**
     * @param secret signs the callbacks ({@code whsec_…}, from the environment)
     */
    public record Callback(String url, String secret) {

        boolean enabled() {
            return url != null && !url.isBlank();
        }
    }
}
