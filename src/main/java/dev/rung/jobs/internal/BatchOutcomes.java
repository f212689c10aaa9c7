package dev.rung.jobs.internal;

import dev.rung.gateway.BatchGateway;
import dev.rung.gateway.BatchResult;
import dev.rung.gateway.BatchState;
import dev.rung.intake.BatchedTasks;
import dev.rung.routing.Route;
import dev.rung.routing.TaskRouter;
import dev.rung.task.TaskDefinition;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an ended batch did for each of its lines: an answer (or a provider error) ends the line's
 * task through its checks and, where they fail, the synchronous ladder; a line the batch never ran
 * goes in the job's next batch (it expired), or ends as cancelled. Lines a failed batch never
 * reached end with the batch's failure.
 */
@Component
class BatchOutcomes {

    /** A line's task ended as cancelled, its batch line never run. */
    static final String CANCELLED = "cancelled";

    private final JobStore store;
    private final BatchedTasks batched;
    private final TaskRouter router;
    private final BatchGateway gateway;
    private final JobProperties properties;

    BatchOutcomes(
            JobStore store,
            BatchedTasks batched,
            TaskRouter router,
            BatchGateway gateway,
            JobProperties properties) {
        this.store = store;
        this.batched = batched;
        this.router = router;
        this.gateway = gateway;
        this.properties = properties;
    }

    void collect(
            JobStore.Job job,
            TaskDefinition type,
            Route route,
            BatchState batch,
            boolean cancelling) {
        Map<String, JobStore.Waiting> open = new ConcurrentHashMap<>();
        store.waiting(job.id(), batch.batchId())
                .forEach(line -> open.put(JobLines.customId(line.parked().taskId()), line));
        try (var pool = new Parallel.Pool(properties.concurrency())) {
            // The output file holds the answers, the error file the lines that failed or never ran.
            for (String file :
                    java.util.stream.Stream.of(batch.outputFileId(), batch.errorFileId())
                            .flatMap(java.util.Optional::stream)
                            .toList()) {
                gateway.results(
                        file,
                        result -> {
                            JobStore.Waiting line = open.remove(result.customId());
                            if (line != null) {
                                pool.submit(() -> end(job, type, route, line, result, cancelling));
                            }
                        });
            }
            // Lines no file mentions were never run.
            String code =
                    switch (batch.phase()) {
                        case FAILED -> "batch_failed";
                        case CANCELLED, CANCELLING -> "batch_cancelled";
                        case EXPIRED, COMPLETED, VALIDATING, IN_PROGRESS, FINALIZING ->
                                "batch_expired";
                    };
            open.values()
                    .forEach(
                            line ->
                                    pool.submit(
                                            () ->
                                                    end(
                                                            job,
                                                            type,
                                                            route,
                                                            line,
                                                            new BatchResult.NotRun(
                                                                    result(line), code),
                                                            cancelling)));
        }
    }

    /** Lines on record but never uploaded, of a cancelled job: their tasks end as cancelled. */
    void dropUnsent(JobStore.Job job, TaskDefinition type, java.util.List<JobStore.Waiting> lines) {
        Parallel.each(
                lines,
                properties.concurrency(),
                line ->
                        store.done(
                                job.id(),
                                line.line(),
                                batched.drop(line.parked(), type, "batch_cancelled", CANCELLED)
                                        .id()));
    }

    private void end(
            JobStore.Job job,
            TaskDefinition type,
            Route route,
            JobStore.Waiting line,
            BatchResult result,
            boolean cancelling) {
        var request = JobLines.request(line.subjectId(), line.input());
        var call = router.batchCall(type, request, route);
        switch (result) {
            case BatchResult.Ran ran ->
                    store.done(
                            job.id(),
                            line.line(),
                            batched.resume(line.parked(), type, request, route, call, ran.outcome())
                                    .id());
            case BatchResult.NotRun notRun
                    when notRun.code().equals("batch_expired") && !cancelling -> {
                switch (batched.repark(line.parked(), type, route, call, notRun.code())) {
                    case BatchedTasks.Parked parked -> store.waiting(job.id(), line.line(), parked);
                    case BatchedTasks.Refused refused ->
                            store.done(job.id(), line.line(), refused.task().id());
                }
            }
            case BatchResult.NotRun notRun ->
                    store.done(
                            job.id(),
                            line.line(),
                            batched.drop(
                                            line.parked(),
                                            type,
                                            notRun.code(),
                                            notRun.code().equals("batch_failed")
                                                    ? "batch_failed"
                                                    : CANCELLED)
                                    .id());
        }
    }

    private static String result(JobStore.Waiting line) {
        return JobLines.customId(line.parked().taskId());
    }
}
