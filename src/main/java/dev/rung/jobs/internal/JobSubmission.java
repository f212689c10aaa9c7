package dev.rung.jobs.internal;

import dev.rung.delivery.DeliveryPlans;
import dev.rung.routing.Policy;
import dev.rung.routing.Route;
import dev.rung.routing.RoutePlanner;
import dev.rung.routing.TaskRouter;
import dev.rung.task.Grounding;
import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job as uploaded: its body read within {@code rung.jobs.max-upload-bytes}, every line checked
 * against the task type's input schema, its route and write-back checked, then the job and all its
 * inputs stored at once (or nothing, on any error). The driver takes it from there.
 */
@Component
class JobSubmission {

    private final JobStore store;
    private final JobInput input;
    private final RoutePlanner planner;
    private final TaskRouter router;
    private final DeliveryPlans deliveries;
    private final JobProperties properties;

    JobSubmission(
            JobStore store,
            JsonMapper json,
            RoutePlanner planner,
            TaskRouter router,
            DeliveryPlans deliveries,
            JobProperties properties) {
        this.store = store;
        this.input = new JobInput(json);
        this.planner = planner;
        this.router = router;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    JobStore.Job submit(
            TaskDefinition type,
            String policyName,
            String writeBack,
            HttpServletRequest request,
            String caller)
            throws IOException {
        if (type.grounding() instanceof Grounding.FromSource) {
            // A batch line waits up to a day: its passages would be retrieved long before its
            // answer
            // is checked against them, and documents change.
            throw invalid(
                    "type",
                    type.slug()
                            + " answers from a knowledge source; send its tasks to POST"
                            + " /v1/tasks/"
                            + type.slug()
                            + " (asynchronously with ?mode=async) instead of a bulk job.");
        }
        Route route = route(type, policyName);
        String firstModel = route.policy().ladder().getFirst();
        if (!router.provider(firstModel).equals(router.provider())) {
            throw invalid(
                    "policy",
                    "a bulk job's first rung goes through the Batch API of "
                            + router.provider()
                            + "; "
                            + firstModel
                            + " is served by "
                            + router.provider(firstModel)
                            + ". Choose a policy that starts on one of its models.");
        }
        if (writeBack != null) {
            var refusal = deliveries.writeBackRefusal(writeBack);
            if (refusal.isPresent()) {
                throw invalid("writeBack", "writeBack " + refusal.get() + ".");
            }
        }
        boolean csv =
                MediaType.parseMediaType(request.getContentType())
                        .isCompatibleWith(MediaType.parseMediaType(JobController.CSV));
        String body = body(request);
        JobInput.Parsed parsed =
                csv
                        ? input.csv(new StringReader(body), type, properties.maxLines())
                        : input.ndjson(new StringReader(body), type, properties.maxLines());
        List<JobInput.Line> lines =
                switch (parsed) {
                    case JobInput.Valid valid -> valid.lines();
                    case JobInput.Invalid invalid -> throw invalid(invalid);
                };
        var job =
                new JobStore.Job(
                        UUID.randomUUID(),
                        type.slug(),
                        type.version(),
                        route.tier().name(),
                        route.policy().name(),
                        csv ? "csv" : "ndjson",
                        writeBack,
                        JobStatus.PREPARING,
                        lines.size(),
                        router.simulated(),
                        caller,
                        Instant.now(),
                        null);
        store.create(job, lines);
        return job;
    }

    private Route route(TaskDefinition type, String policyName) {
        Route planned = planner.plan(type, Stakes.NONE);
        if (policyName == null) {
            return planned;
        }
        Policy policy =
                planner.policy(policyName)
                        .filter(found -> !found.name().startsWith("learned:"))
                        .orElseThrow(
                                () ->
                                        invalid(
                                                "policy",
                                                "policy must name a configured policy (a learned"
                                                        + " one picks each input's first rung, and"
                                                        + " a job's batch line is its policy's"
                                                        + " first)."));
        if (planned.tier() == Tier.A && !planner.allowedForTierA(policy)) {
            throw invalid(
                    "policy",
                    "policy " + policyName + " has a model too weak for this Tier A task type.");
        }
        return new Route(planned.tier(), policy);
    }

    /** The body as text, refused with 413 past the limit without reading much further. */
    private String body(HttpServletRequest request) throws IOException {
        long limit = properties.maxUploadBytes().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes =
                request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "The upload is larger than " + limit + " bytes (rung.jobs.max-upload-bytes).");
    }

    private static ProblemException invalid(JobInput.Invalid invalid) {
        List<Map<String, Object>> errors =
                invalid.errors().stream()
                        .map(
                                error -> {
                                    Map<String, Object> entry = new LinkedHashMap<>();
                                    entry.put("line", error.line());
                                    entry.put("pointer", error.pointer());
                                    entry.put("message", error.message());
                                    return entry;
                                })
                        .toList();
        return new ProblemException(
                ProblemType.INVALID_REQUEST,
                "The upload was refused: " + invalid.reason() + ".",
                Map.of("errors", errors));
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST,
                detail,
                Map.of("errors", List.of(Map.of("field", field, "message", detail))));
    }
}
