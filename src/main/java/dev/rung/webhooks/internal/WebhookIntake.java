package dev.rung.webhooks.internal;

import dev.rung.delivery.DeliveryPlans;
import dev.rung.intake.TaskQueue;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a verified delivery into its sender's task type ({@link WebhookMapping}) and stores the
 * delivery, its queued task and where the task's result will go (a write-back, a callback) in one
 * transaction. The primary key of {@code webhook_delivery} — not a lookup first — decides which
 * copy of a retried delivery wins, even when copies arrive at the same moment; the others get the
 * first copy's task.
 */
@Component
class WebhookIntake {

    private final TaskQueue queue;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final TaskCatalog catalog;
    private final DeliveryPlans deliveries;

    WebhookIntake(
            TaskQueue queue,
            TransactionTemplate transactions,
            JdbcClient jdbc,
            TaskCatalog catalog,
            DeliveryPlans deliveries,
            WebhookProperties properties) {
        this.queue = queue;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.deliveries = deliveries;
        verify(properties);
    }

    record Accepted(UUID taskId, String status, boolean duplicate) {}

    Accepted accept(
            String source, String deliveryId, WebhookProperties.Sender sender, JsonNode body) {
        TaskDefinition type =
                catalog.current(sender.taskType())
                        .orElseThrow(
                                () ->
                                        new ProblemException(
                                                ProblemType.UNKNOWN_TASK_TYPE,
                                                "The webhook's task type "
                                                        + sender.taskType()
                                                        + " does not exist."));
        JsonNode mapped =
                WebhookMapping.request(body, sender, deliveryId, type.contract().inputSchema());
        TaskRequest request =
                queue.request(type, mapped, "The delivery does not carry a valid task: ");
        UUID stored =
                transactions.execute(
                        tx -> {
                            UUID task = queue.enqueue(type, request);
                            int inserted =
                                    jdbc.sql(
                                                    """
                                                    insert into webhook_delivery (source, delivery_id, task_id, received_at) values (?, ?, ?, ?)
                                                    on conflict (source, delivery_id) do nothing\
                                                    """)
                                            .param(source)
                                            .param(deliveryId)
                                            .param(task)
                                            .param(Timestamp.from(Instant.now()))
                                            .update();
                            if (inserted == 0) {
                                tx.setRollbackOnly();
                                return null;
                            }
                            deliveries.forWebhook(task, source, body);
                            return task;
                        });
        if (stored != null) {
            return new Accepted(stored, "queued", false);
        }
        UUID first =
                jdbc.sql(
                                "select task_id from webhook_delivery where source = ? and"
                                        + " delivery_id = ?")
                        .param(source)
                        .param(deliveryId)
                        .query(UUID.class)
                        .single();
        String status =
                jdbc.sql("select status from task where id = ?")
                        .param(first)
                        .query(String.class)
                        .single();
        return new Accepted(first, status, true);
    }

    /**
     * A sender configured for a task type that does not exist would refuse every delivery: no start
     * instead.
     */
    private void verify(WebhookProperties properties) {
        var senders = new java.util.LinkedHashMap<String, WebhookProperties.Sender>();
        senders.put("hubspot", properties.hubspot());
        senders.put("zendesk", properties.zendesk());
        properties.sources().forEach((name, sender) -> senders.put("sources." + name, sender));
        senders.forEach(
                (name, sender) -> {
                    if (sender.taskType() == null || catalog.current(sender.taskType()).isEmpty()) {
                        throw new IllegalStateException(
                                "rung.webhooks."
                                        + name
                                        + ".task-type is '"
                                        + sender.taskType()
                                        + "', which is not a task type (known: "
                                        + String.join(
                                                ", ",
                                                catalog.all().stream()
                                                        .map(TaskDefinition::slug)
                                                        .toList())
                                        + ")");
                    }
                });
    }
}
