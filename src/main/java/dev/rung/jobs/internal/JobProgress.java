package dev.rung.jobs.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

/**
 * A job's counts and costs, read from its items and their tasks' rows in the ledger, so they stay
 * true whatever instance drives the job.
 */
@Component
class JobProgress {

    private final JdbcClient jdbc;
    private final JobStore store;

    JobProgress(JdbcClient jdbc, JobStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    JobView view(JobStore.Job job) {
        JobView.Counts counts =
                jdbc.sql(
                                """
                                select count(*) filter (where i.state = 'pending'),
                                       count(*) filter (where i.state = 'waiting'),
                                       count(*) filter (where i.state = 'done' and t.status = 'succeeded'),
                                       count(*) filter (where i.state = 'done' and t.status = 'failed'
                                                          and t.failure_reason is distinct from 'cancelled'),
                                       count(*) filter (where i.state = 'done'
                                                          and (t.id is null or t.failure_reason = 'cancelled')),
                                       count(*) filter (where i.state = 'done' and t.max_rung > 1)
                                  from bulk_job_item i left join task t on t.id = i.task_id
                                 where i.job_id = ?\
                                """)
                        .param(job.id())
                        .query(
                                (rs, row) ->
                                        new JobView.Counts(
                                                rs.getInt(1),
                                                rs.getInt(2),
                                                rs.getInt(3),
                                                rs.getInt(4),
                                                rs.getInt(5),
                                                rs.getInt(6)))
                        .single();
        return new JobView(
                job.id(),
                job.taskType(),
                job.taskTypeVersion(),
                job.status(),
                job.tier(),
                job.policy(),
                job.inputFormat(),
                job.writeBack(),
                job.simulated(),
                job.createdAt(),
                job.finishedAt(),
                job.total(),
                counts,
                cost(job.id(), counts.succeeded()),
                store.batches(job.id()).stream()
                        .map(
                                batch ->
                                        new JobView.BatchView(
                                                batch.id(),
                                                batch.status(),
                                                batch.lines(),
                                                batch.completed(),
                                                batch.failed(),
                                                batch.failure(),
                                                batch.submittedAt(),
                                                batch.endedAt()))
                        .toList());
    }

    /**
     * Attempts of the job's ended tasks; a batch (or flex) call's standard-price twin is priced
     * from the {@code default} list in effect when it was sent. A sum with an unpriced attempt is
     * null.
     */
    private JobView.Cost cost(UUID jobId, int successes) {
        return jdbc.sql(
                        """
                        select case when bool_or(a.cost_usd is null) then null else coalesce(sum(a.cost_usd), 0) end,
                               case when bool_or(a.service_tier = 'batch' and a.cost_usd is null) then null
                                    else coalesce(sum(a.cost_usd) filter (where a.service_tier = 'batch'), 0) end,
                               case when bool_or(a.service_tier <> 'batch' and a.cost_usd is null) then null
                                    else coalesce(sum(a.cost_usd) filter (where a.service_tier <> 'batch'), 0) end,
                               case when bool_or(a.service_tier = 'batch' and p.input_per_million is null) then null
                                    else coalesce(sum(((a.input_tokens - a.cached_input_tokens) * p.input_per_million
                                                  + a.cached_input_tokens * coalesce(p.cached_input_per_million, p.input_per_million)
                                                  + a.output_tokens * p.output_per_million) / 1000000)
                                             filter (where a.service_tier = 'batch'), 0) end,
                               case when bool_or(p.input_per_million is null) then null
                                    else coalesce(sum(case when a.service_tier = 'default' then a.cost_usd
                                                  else ((a.input_tokens - a.cached_input_tokens) * p.input_per_million
                                                  + a.cached_input_tokens * coalesce(p.cached_input_per_million, p.input_per_million)
                                                  + a.output_tokens * p.output_per_million) / 1000000 end), 0) end
                          from bulk_job_item i
                          join task t on t.id = i.task_id and t.status in ('succeeded', 'failed')
                          join attempt a on a.task_id = i.task_id
                          left join lateral (select input_per_million, cached_input_per_million, output_per_million
                                               from model_price
                                              where model = a.model_requested and service_tier = 'default'
                                                and effective_from <= a.started_at
                                              order by effective_from desc limit 1) p on true
                         where i.job_id = ? and i.state = 'done'\
                        """)
                .param(jobId)
                .query(
                        (rs, row) -> {
                            BigDecimal total = rs.getBigDecimal(1);
                            return new JobView.Cost(
                                    total,
                                    rs.getBigDecimal(2),
                                    rs.getBigDecimal(3),
                                    scaled(rs.getBigDecimal(4)),
                                    scaled(rs.getBigDecimal(5)),
                                    total == null || successes == 0
                                            ? null
                                            : total.divide(
                                                    BigDecimal.valueOf(successes),
                                                    9,
                                                    RoundingMode.HALF_UP));
                        })
                .single();
    }

    /** To the nano-dollar; a zero stays 0 (scaled, it would be written as 0E-9). */
    private static BigDecimal scaled(BigDecimal usd) {
        return usd == null || usd.signum() == 0 ? usd : usd.setScale(9, RoundingMode.HALF_UP);
    }
}
