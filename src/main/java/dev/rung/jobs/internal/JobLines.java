package dev.rung.jobs.internal;

import dev.rung.delivery.DeliveryPlans;
import dev.rung.gateway.BatchGateway;
import dev.rung.intake.BatchedTasks;
import dev.rung.routing.Route;
import dev.rung.routing.TaskRouter;
import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job's inputs on their way out: each stored as a task with its batch line in flight (and a
 * write-back planned where the job names a source), then the lines not yet sent uploaded as batches
 * of at most {@code rung.jobs.lines-per-batch}.
 */
@Component
class JobLines {

    private final JobStore store;
    private final BatchedTasks batched;
    private final TaskRouter router;
    private final BatchGateway gateway;
    private final DeliveryPlans deliveries;
    private final JobProperties properties;

    JobLines(
            JobStore store,
            BatchedTasks batched,
            TaskRouter router,
            BatchGateway gateway,
            DeliveryPlans deliveries,
            JobProperties properties) {
        this.store = store;
        this.batched = batched;
        this.router = router;
        this.gateway = gateway;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    /** Stores a task for every pending input, {@code concurrency} at a time. */
    void park(JobStore.Job job, TaskDefinition type, Route route) {
        for (var pending = store.pending(job.id(), properties.linesPerBatch());
                !pending.isEmpty();
                pending = store.pending(job.id(), properties.linesPerBatch())) {
            Parallel.each(
                    pending, properties.concurrency(), input -> park(job, type, route, input));
            if (store.find(job.id()).map(JobStore.Job::status).orElseThrow() != job.status()) {
                return; // cancelled meanwhile
            }
        }
    }

    private void park(JobStore.Job job, TaskDefinition type, Route route, JobStore.Pending input) {
        TaskRequest request = request(input.subjectId(), input.input());
        switch (batched.park(
                type,
                request,
                route,
                router.batchCall(type, request, route),
                job.id() + ":" + input.line())) {
            case BatchedTasks.Parked parked -> {
                store.waiting(job.id(), input.line(), parked);
                if (job.writeBack() != null && input.recordId() != null) {
                    deliveries.forRecord(parked.taskId(), job.writeBack(), input.recordId());
                }
            }
            case BatchedTasks.Refused refused ->
                    store.done(job.id(), input.line(), refused.task().id());
        }
    }

    /** Uploads every line on record but not yet in a batch; returns how many were sent. */
    int upload(JobStore.Job job, TaskDefinition type, Route route) {
        List<JobStore.Waiting> unsent = store.waiting(job.id(), null);
        for (int from = 0; from < unsent.size(); from += properties.linesPerBatch()) {
            List<JobStore.Waiting> slice =
                    unsent.subList(
                            from, Math.min(unsent.size(), from + properties.linesPerBatch()));
            StringBuilder jsonl = new StringBuilder();
            for (JobStore.Waiting line : slice) {
                TaskRequest request = request(line.subjectId(), line.input());
                jsonl.append(
                                gateway.line(
                                        customId(line.parked().taskId()),
                                        router.batchCall(type, request, route)))
                        .append('\n');
            }
            var submitted =
                    gateway.submit(
                            "rung-job-"
                                    + job.id()
                                    + "-"
                                    + (from / properties.linesPerBatch())
                                    + ".jsonl",
                            jsonl.toString().getBytes(StandardCharsets.UTF_8),
                            Map.of("rung_job", job.id().toString(), "task_type", job.taskType()));
            store.batchCreated(
                    job.id(),
                    submitted.batchId(),
                    submitted.inputFileId(),
                    slice.stream().map(JobStore.Waiting::line).toList());
        }
        return unsent.size();
    }

    /** A line's {@code custom_id}: its task's id, unique across every job and batch. */
    static String customId(UUID taskId) {
        return taskId.toString();
    }

    /** Stakes only chose the job's route, which is stored with it. */
    static TaskRequest request(String subjectId, ObjectNode input) {
        return new TaskRequest(subjectId, input, Stakes.NONE);
    }
}
