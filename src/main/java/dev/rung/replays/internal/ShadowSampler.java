package dev.rung.replays.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import dev.rung.ledger.TaskFinished;
import dev.rung.ledger.TaskStatus;
import dev.rung.routing.RoutePlanner;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Hands a share of the tasks served to callers to the running shadows of their type, once their
 * answer is stored. Which tasks a shadow takes hashes the task and the shadow, so it is the same on
 * every replica and unrelated to the answer. The running shadows are read at most every two
 * seconds, not for every task.
 */
@Component
class ShadowSampler {

    private static final String ALL = "all";

    private final ReplayRunner runner;
    private final RoutePlanner planner;
    private final LoadingCache<String, List<ReplayView>> shadows;

    ShadowSampler(ReplayStore store, ReplayRunner runner, RoutePlanner planner) {
        this.runner = runner;
        this.planner = planner;
        this.shadows =
                Caffeine.newBuilder()
                        .expireAfterWrite(Duration.ofSeconds(2))
                        .executor(Runnable::run)
                        .build(key -> store.liveShadows());
    }

    @EventListener
    void onTaskFinished(TaskFinished task) {
        if (task.status() != TaskStatus.SUCCEEDED && task.status() != TaskStatus.FAILED) {
            return;
        }
        for (ReplayView shadow : shadows.get(ALL)) {
            if (shadow.taskType().equals(task.type())
                    && sampled(task.taskId(), shadow.id(), shadow.share().doubleValue())) {
                planner.policy(shadow.policy())
                        .ifPresent(policy -> runner.shadow(shadow, policy, task.taskId()));
            }
        }
    }

    /** A new or cancelled shadow is seen at once on the replica that changed it. */
    void refresh() {
        shadows.invalidateAll();
    }

    private static boolean sampled(UUID taskId, UUID shadowId, double share) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest((taskId + ":" + shadowId).getBytes(StandardCharsets.UTF_8));
            double u = (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
            return u < share;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
