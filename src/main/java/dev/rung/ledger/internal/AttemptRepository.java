package dev.rung.ledger.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface AttemptRepository extends JpaRepository<AttemptEntity, UUID> {

    List<AttemptEntity> findByTaskIdOrderBySeq(UUID taskId);

    long countByTaskId(UUID taskId);
}
