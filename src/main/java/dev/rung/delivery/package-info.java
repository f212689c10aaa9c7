/**
 * Where a result leaves Rung: written back to the CRM record its task came from (HubSpot, Zendesk)
 * or POSTed to a signed callback (Standard Webhooks). A delivery is planned when its task is
 * accepted, falls due in the transaction that ends the task, and is sent by workers with backoff
 * until it is delivered, refused for good or too old; every attempt is listed at {@code GET
 * /v1/tasks/{id}/deliveries}. A change a person makes to what Rung wrote comes back as a
 * correction: ground truth for the task.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Deliveries",
        allowedDependencies = {"experiments", "ledger", "task", "web"})
package dev.rung.delivery;
