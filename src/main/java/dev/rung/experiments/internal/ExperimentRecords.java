package dev.rung.experiments.internal;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The experiments themselves (Spring Data JPA): few rows, changed by operators. A change of state
 * is one conditional update, so two replicas (or an operator and the stop-loss) cannot both make
 * it.
 */
interface ExperimentRecords extends JpaRepository<ExperimentEntity, UUID> {

    List<ExperimentEntity> findAllByOrderByCreatedAtDesc();

    List<ExperimentEntity> findByStatusIn(Collection<ExperimentStatus> statuses);

    /**
     * Moves the experiment from one of {@code from} to {@code to}, pinning a prompt and a task type
     * version where given (null: keep), stamping when it started and stopped; 0 when it was in none
     * of {@code from}.
     */
    @Transactional
    @Modifying
    @Query(
            """
            update ExperimentEntity e set e.status = :to,
                   e.promptVersion = coalesce(:promptVersion, e.promptVersion),
                   e.promptSha256 = coalesce(:promptSha256, e.promptSha256),
                   e.taskTypeVersion = coalesce(:taskTypeVersion, e.taskTypeVersion),
                   e.startedAt = case when :running = true then coalesce(e.startedAt, :now) else e.startedAt end,
                   e.stoppedAt = case when :stopped = true then :now else e.stoppedAt end
             where e.id = :id and e.status in :from\
            """)
    int transition(
            UUID id,
            Collection<ExperimentStatus> from,
            ExperimentStatus to,
            String promptVersion,
            String promptSha256,
            Integer taskTypeVersion,
            boolean running,
            boolean stopped,
            Instant now);

    /** Claims a period boundary for evaluation, so only one replica evaluates it. */
    @Transactional
    @Modifying
    @Query(
            "update ExperimentEntity e set e.lastEvaluatedPeriod = :period"
                    + " where e.id = :id and e.lastEvaluatedPeriod < :period")
    int claimPeriod(UUID id, long period);
}
