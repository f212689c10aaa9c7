package dev.rung.intake.internal;

import dev.rung.intake.Reruns;
import dev.rung.ledger.NewTask;
import dev.rung.ledger.Opened;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.routing.Route;
import dev.rung.routing.TaskRouter;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;

/** {@link Reruns} through the same runner as a caller's task, without a caller. */
@Component
class LedgerReruns implements Reruns {

    private final TaskLedger ledger;
    private final TaskRunner runner;
    private final TaskRouter router;

    LedgerReruns(TaskLedger ledger, TaskRunner runner, TaskRouter router) {
        this.ledger = ledger;
        this.runner = runner;
        this.router = router;
    }

    @Override
    public StoredTask rerun(
            TaskDefinition type,
            TaskRequest request,
            Route route,
            String key,
            Consumer<UUID> opened) {
        long started = System.nanoTime();
        var task = unkeyed(type, request, route, "rerun:" + key, router.simulated(), Instant.now());
        return switch (ledger.open(task)) {
            case Opened.Fresh fresh -> {
                try {
                    opened.accept(fresh.taskId());
                } catch (RuntimeException e) {
                    ledger.abandon(fresh.taskId(), "internal_error");
                    throw e;
                }
                yield runner.run(fresh.taskId(), type, request, route, started).task();
            }
            case Opened.AlreadyExists existing ->
                    throw new IllegalStateException("a rerun has no idempotency key to collide on");
        };
    }

    /**
     * A task Rung starts itself (a rerun, a bulk job's input): no Idempotency-Key, outside any
     * experiment, told apart in the ledger's request hash by {@code hashKey}.
     */
    static NewTask unkeyed(
            TaskDefinition type,
            TaskRequest request,
            Route route,
            String hashKey,
            boolean simulated,
            Instant at) {
        return new NewTask(
                type.slug(),
                type.version(),
                request.subjectId(),
                null,
                sha256(hashKey),
                request.input(),
                route.tier().name(),
                route.policy().name(),
                null,
                null,
                simulated,
                at);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
