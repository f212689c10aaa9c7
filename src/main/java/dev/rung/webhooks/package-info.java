/**
 * Tasks from signed CRM and helpdesk webhooks (HubSpot, Zendesk, Standard Webhooks senders):
 * signatures verified, each delivery stored once, mapped by configuration to its task type and
 * queued through intake, with where its result will go; and the CRMs' change events, which come
 * back as corrections (ground truth).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Webhooks",
        allowedDependencies = {"delivery", "intake", "task", "web"})
package dev.rung.webhooks;
