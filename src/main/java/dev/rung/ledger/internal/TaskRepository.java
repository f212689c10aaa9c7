package dev.rung.ledger.internal;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.NativeQuery;

import java.util.Optional;
import java.util.UUID;

interface TaskRepository extends JpaRepository<TaskEntity, UUID> {

    /**
     * Through the key's claim (V12): task is partitioned by id, so a lookup by key alone would read
     * every month.
     */
    @NativeQuery(
            """
            select t.* from task t join task_idempotency_key k on k.task_id = t.id where k.idempotency_key = :idempotencyKey\
            """)
    Optional<TaskEntity> findByIdempotencyKey(String idempotencyKey);
}
