package dev.rung.delivery.internal;

import dev.rung.delivery.DeliveryKind;
import dev.rung.delivery.DeliveryPlans;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans deliveries from {@code rung.deliveries.sources}, and decides which callback URLs callers
 * may give.
 */
@Component
class Planner implements DeliveryPlans {

    private static final Logger log = LoggerFactory.getLogger(Planner.class);

    private final DeliveryStore store;
    private final DeliveryProperties properties;
    private final JsonMapper json;

    Planner(DeliveryStore store, DeliveryProperties properties, JsonMapper json) {
        this.store = store;
        this.properties = properties;
        this.json = json;
        verify();
    }

    @Override
    public void forWebhook(UUID taskId, String source, JsonNode body) {
        DeliveryProperties.Source configured = properties.sources().get(source);
        if (configured == null) {
            return;
        }
        DeliveryProperties.WriteBack writeBack = configured.writeBack();
        if (writeBack.enabled() && credentials(crm(source))) {
            JsonNode id = body.at(writeBack.recordId());
            if (id.isMissingNode() || id.isNull() || id.asString("").isBlank()) {
                log.warn(
                        "Task {} from {} has no record id at {}: nothing will be written back",
                        taskId,
                        source,
                        writeBack.recordId());
            } else {
                writeBack(taskId, source, id.isString() ? id.asString() : id.toString());
            }
        }
        if (configured.callback().enabled()) {
            store.plan(
                    taskId,
                    DeliveryKind.CALLBACK,
                    source,
                    configured.callback().url(),
                    json.createObjectNode(),
                    properties.maxAge());
        }
    }

    @Override
    public void forRecord(UUID taskId, String source, String recordId) {
        DeliveryProperties.Source configured = properties.sources().get(source);
        if (configured != null && configured.writeBack().enabled() && credentials(crm(source))) {
            writeBack(taskId, source, recordId);
        }
    }

    @Override
    public Optional<String> writeBackRefusal(String source) {
        DeliveryProperties.Source configured = properties.sources().get(source);
        if (configured == null || !configured.writeBack().enabled()) {
            return Optional.of(
                    "names no source with a write-back configured (rung.deliveries.sources)");
        }
        return credentials(crm(source))
                ? Optional.empty()
                : Optional.of("names a source whose CRM credentials are not set");
    }

    private void writeBack(UUID taskId, String source, String record) {
        DeliveryProperties.WriteBack writeBack = properties.sources().get(source).writeBack();
        DeliveryKind kind = crm(source);
        String target =
                kind == DeliveryKind.HUBSPOT
                        ? writeBack.object() + "/" + record
                        : "tickets/" + record;
        store.plan(taskId, kind, source, target, json.valueToTree(writeBack), properties.maxAge());
    }

    @Override
    public void forCaller(UUID taskId, URI url) {
        store.plan(
                taskId,
                DeliveryKind.CALLBACK,
                CallbackDeliveries.CALLER_SOURCE,
                url.toString(),
                json.createObjectNode(),
                properties.maxAge());
    }

    @Override
    public Optional<String> refusal(String url) {
        String secret = properties.callbacks().secret();
        if (secret == null || !secret.startsWith("whsec_")) {
            return Optional.of(
                    "callbacks are not enabled here (rung.deliveries.callbacks.secret is not set)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http"))
                || host.isEmpty()
                || uri.getUserInfo() != null) {
            return Optional.of("must be an absolute http(s) URL without credentials");
        }
        if (!properties.callbacks().allowedHosts().isEmpty()) {
            return properties.callbacks().allowedHosts().stream()
                            .anyMatch(allowed -> matches(host, allowed))
                    ? Optional.empty()
                    : Optional.of(
                            "names a host that is not in rung.deliveries.callbacks.allowed-hosts");
        }
        if (!scheme.equals("https")) {
            return Optional.of("must use https");
        }
        return isPrivate(host)
                ? Optional.of("names a private, loopback or link-local address")
                : Optional.empty();
    }

    private static boolean matches(String host, String allowed) {
        String pattern = allowed.toLowerCase(Locale.ROOT);
        return pattern.startsWith("*.")
                ? host.endsWith(pattern.substring(1))
                : host.equals(pattern);
    }

    /**
     * Only literal addresses and localhost are judged: no name is resolved while a request waits.
     */
    private static boolean isPrivate(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.startsWith("[")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress()
                    || address.isSiteLocalAddress()
                    || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress()
                    || address.isMulticastAddress();
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    /**
     * A write-back is planned only while the CRM's API access is configured: without it every one
     * would die.
     */
    private boolean credentials(DeliveryKind crm) {
        return crm == DeliveryKind.HUBSPOT
                ? properties.hubspot().configured()
                : properties.zendesk().configured();
    }

    private static DeliveryKind crm(String source) {
        return source.equals("zendesk") ? DeliveryKind.ZENDESK : DeliveryKind.HUBSPOT;
    }

    /**
     * Write-backs exist for HubSpot's and Zendesk's own senders only; a callback needs a URL and a
     * secret.
     */
    private void verify() {
        properties
                .sources()
                .forEach(
                        (source, configured) -> {
                            if (configured.writeBack().enabled()
                                    && !source.equals("hubspot")
                                    && !source.equals("zendesk")) {
                                throw new IllegalStateException(
                                        "rung.deliveries.sources."
                                                + source
                                                + ".write-back: write-backs go to HubSpot (source"
                                                + " hubspot) or Zendesk (source zendesk); other"
                                                + " sources can have a callback");
                            }
                            if (configured.callback().enabled()
                                    && (configured.callback().secret() == null
                                            || !configured
                                                    .callback()
                                                    .secret()
                                                    .startsWith("whsec_"))) {
                                throw new IllegalStateException(
                                        "rung.deliveries.sources."
                                                + source
                                                + ".callback.secret must be a whsec_ secret"
                                                + " (Standard Webhooks) to sign the callbacks"
                                                + " with");
                            }
                        });
    }
}
