package dev.rung.ledger.internal;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.UUID;

interface AttemptRepository extends JpaRepository<AttemptEntity, UUID> {

    List<AttemptEntity> findByTaskIdOrderBySeq(UUID taskId);

    long countByTaskId(UUID taskId);
}
