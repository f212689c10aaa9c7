package dev.rung.privacy.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Removes personal data from the ledger while keeping what readouts count (status, tier, policy,
 * arm, tokens, cost, latency). It works across the ledger's, the experiments' and the cache's
 * tables on purpose: erasure must reach every copy.
 */
@Component
class PersonalData {

    private static final Logger log = LoggerFactory.getLogger(PersonalData.class);

    private final JdbcClient jdbc;
    private final Duration retention;

    PersonalData(JdbcClient jdbc, @Value("${rung.privacy.retention:90d}") Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /**
     * Erases one subject: inputs, outputs, feedback and cached answers; the subject id becomes a
     * pseudonym.
     */
    @Transactional
    int eraseSubject(String subjectId) {
        String pseudonym = "erased:" + UUID.randomUUID();
        List<UUID> tasks =
                jdbc.sql("select id from task where subject_id = ?")
                        .param(subjectId)
                        .query(UUID.class)
                        .list();
        // A bulk job's inputs not yet sent hold the subject's data too.
        jdbc.sql(
                        """
                        update bulk_job_item set subject_id = :pseudonym,
                               input = case when input is null then null else '{}'::jsonb end
                         where subject_id = :subject\
                        """)
                .param("pseudonym", pseudonym)
                .param("subject", subjectId)
                .update();
        if (tasks.isEmpty()) {
            return 0;
        }
        jdbc.sql("delete from feedback where task_id in (:tasks)").param("tasks", tasks).update();
        jdbc.sql("delete from review where task_id in (:tasks)").param("tasks", tasks).update();
        jdbc.sql("delete from response_cache where source_task_id in (:tasks)")
                .param("tasks", tasks)
                .update();
        jdbc.sql(
                        "update attempt set detail = attempt_detail_without_content(detail) where"
                                + " task_id in (:tasks)")
                .param("tasks", tasks)
                .update();
        // What was written to a CRM, and the CRM's error texts, may quote the answer; a delivery
        // not yet sent finds no result.
        jdbc.sql("update delivery set written = null, last_error = null where task_id in (:tasks)")
                .param("tasks", tasks)
                .update();
        jdbc.sql("update experiment_assignment set subject_id = ? where subject_id = ?")
                .param(pseudonym)
                .param(subjectId)
                .update();
        // The readout's per-subject sums move with the subject: the pseudonym is one subject, so no
        // sum changes.
        jdbc.sql("update readout_subject set subject_id = ? where subject_id = ?")
                .param(pseudonym)
                .param(subjectId)
                .update();
        // Queued work for the subject is cancelled: its input is gone.
        jdbc.sql(
                        """
                        update task set subject_id = :pseudonym, input = '{}'::jsonb, result = null, input_purged_at = now(),
                               status = case when status = 'queued' then 'failed' else status end,
                               failure_reason = case when status = 'queued' then 'erased' else failure_reason end
                         where id in (:tasks)\
                        """)
                .param("pseudonym", pseudonym)
                .param("tasks", tasks)
                .update();
        log.info(
                "Erased the personal data of a subject: {} task(s) now under {}",
                tasks.size(),
                pseudonym);
        return tasks.size();
    }

    /** Purges inputs and outputs older than the retention period, in batches, every hour. */
    @Scheduled(
            fixedDelayString = "${rung.privacy.purge-interval:1h}",
            initialDelayString = "${rung.privacy.purge-initial-delay:1m}")
    void purgeExpired() {
        Timestamp cutoff = Timestamp.from(Instant.now().minus(retention));
        int purged;
        int total = 0;
        do {
            purged = purgeBatch(cutoff);
            total += purged;
        } while (purged > 0);
        if (total > 0) {
            log.info(
                    "Retention: purged the inputs and outputs of {} task(s) older than {}",
                    total,
                    retention);
        }
    }

    int purgeBatch(Timestamp cutoff) {
        List<UUID> tasks =
                jdbc.sql(
                                """
                                select id from task where input_purged_at is null and created_at < ? and status in ('succeeded', 'failed')
                                 order by created_at limit 1000\
                                """)
                        .param(cutoff)
                        .query(UUID.class)
                        .list();
        if (tasks.isEmpty()) {
            return 0;
        }
        jdbc.sql(
                        "update attempt set detail = attempt_detail_without_content(detail) where"
                                + " task_id in (:tasks)")
                .param("tasks", tasks)
                .update();
        jdbc.sql("update feedback set note = null where task_id in (:tasks)")
                .param("tasks", tasks)
                .update();
        return jdbc.sql(
                        "update task set input = '{}'::jsonb, result = null, input_purged_at ="
                                + " now() where id in (:tasks)")
                .param("tasks", tasks)
                .update();
    }
}
