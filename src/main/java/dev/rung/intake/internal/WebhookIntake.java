package dev.rung.intake.internal;

import dev.rung.ledger.StoredTask;
import dev.rung.task.TaskRequest;
import dev.rung.task.TaskType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a verified delivery and its queued task in one transaction. The primary key of
 * {@code webhook_delivery} — not a lookup first — decides which copy of a retried delivery wins, even when
 * copies arrive at the same moment; the others get the first copy's task.
 */
@Component
class WebhookIntake {

    private final TaskIntake intake;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Validator validator;

    WebhookIntake(TaskIntake intake, TransactionTemplate transactions, JdbcClient jdbc, Validator validator) {
        this.intake = intake;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.validator = validator;
    }

    record Accepted(UUID taskId, String status, boolean duplicate) {
    }

    Accepted accept(String source, String deliveryId, TaskType type, TaskRequest request) {
        validate(request);
        UUID stored = transactions.execute(tx -> {
            StoredTask task = intake.enqueue(type, request, null).task();
            int inserted = jdbc.sql("""
                            insert into webhook_delivery (source, delivery_id, task_id, received_at) values (?, ?, ?, ?)
                            on conflict (source, delivery_id) do nothing""")
                    .param(source).param(deliveryId).param(task.id()).param(Timestamp.from(Instant.now())).update();
            if (inserted == 0) {
                tx.setRollbackOnly();
                return null;
            }
            return task.id();
        });
        if (stored != null) {
            return new Accepted(stored, "queued", false);
        }
        UUID first = jdbc.sql("select task_id from webhook_delivery where source = ? and delivery_id = ?")
                .param(source).param(deliveryId).query(UUID.class).single();
        String status = jdbc.sql("select status from task where id = ?").param(first).query(String.class).single();
        return new Accepted(first, status, true);
    }

    private void validate(TaskRequest request) {
        Set<ConstraintViolation<TaskRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<Map<String, String>> errors = violations.stream()
                    .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage())).toList();
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "The delivery does not carry a valid task: " + errors.size() + " field(s) are invalid",
                    Map.of("errors", errors));
        }
    }
}
