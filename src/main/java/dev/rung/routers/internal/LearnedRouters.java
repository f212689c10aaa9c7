package dev.rung.routers.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import dev.rung.routing.LearnedPolicies;
import dev.rung.routing.LearnedPolicy;
import dev.rung.routing.Policy;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.TaskRequest;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learned policies by name: {@code learned:<router>@<version>} for a version that is trained, and
 * {@code learned:<router>} for the newest evaluated one. Looked up on every task that runs one, so
 * they are cached for a few seconds (a version's model never changes; only its status does).
 */
@Component
class LearnedRouters implements LearnedPolicies {

    private static final Pattern NAME =
            Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9][a-z0-9-]{0,62})(?:@([0-9]{1,9}))?");

    private final RouterStore store;
    private final RoutePlanner planner;
    private final MeterRegistry meters;
    private final LoadingCache<String, Optional<LearnedPolicy>> byName;

    LearnedRouters(RouterStore store, RoutePlanner planner, MeterRegistry meters) {
        this.store = store;
        this.planner = planner;
        this.meters = meters;
        this.byName =
                Caffeine.newBuilder()
                        .maximumSize(1_000)
                        .expireAfterWrite(Duration.ofSeconds(2))
                        .build(this::load);
    }

    static String policyName(String router, int version) {
        return PREFIX + router + "@" + version;
    }

    @Override
    public Optional<LearnedPolicy> find(String name) {
        return byName.get(name);
    }

    private Optional<LearnedPolicy> load(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        var row =
                matcher.group(2) == null
                        ? store.latestEvaluated(matcher.group(1))
                        : store.find(matcher.group(1), Integer.parseInt(matcher.group(2)));
        return row.filter(r -> r.model() != null && !r.status().equals("failed"))
                .flatMap(
                        r ->
                                planner.policy(r.basePolicy())
                                        .map(base -> (LearnedPolicy) new Learned(r, base)));
    }

    /** One trained version, on its base policy's ladder. */
    private final class Learned implements LearnedPolicy {

        private final RouterStore.Row row;
        private final Policy policy;

        Learned(RouterStore.Row row, Policy base) {
            this.row = row;
            this.policy =
                    new Policy(
                            row.policy(),
                            base.ladder(),
                            base.maxRetriesPerRung(),
                            base.escalateWithContext(),
                            base.whenNoCapacity(),
                            base.flex(),
                            base.hedge());
        }

        @Override
        public Policy policy() {
            return policy;
        }

        @Override
        public boolean evaluated() {
            return row.status().equals("evaluated");
        }

        @Override
        public int startRung(TaskRequest request, boolean queued) {
            int rung = row.model().startRung(request.input(), queued);
            meters.counter(
                            "rung.router.start",
                            "router",
                            row.name(),
                            "version",
                            Integer.toString(row.version()),
                            "rung",
                            Integer.toString(rung + 1))
                    .increment();
            return rung;
        }
    }
}
