package dev.rung.routing;

import dev.rung.gateway.ReasoningEffort;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.DefinitionCheck;
import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.task.Tier;
import dev.rung.task.Violation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks a task's tier and policy. Tier A when any stakes flag is set (the caller's or the task
 * type's own) or the type's default tier is A; otherwise B. The policy comes from {@code
 * rung.routing.task-types} (a deployment's override), else the task type's definition, else the
 * global mapping per tier. Policies are checked at startup (a ladder naming an unknown model stops
 * the service) and every task type definition is checked against them before it is stored ({@link
 * DefinitionCheck}): a Tier A ladder holding a model not allowed for Tier A, or a policy that does
 * not exist, is refused with a message that says which.
 */
@Component
public class RoutePlanner implements DefinitionCheck {

    private final RoutingProperties properties;
    private final Map<String, Policy> policies = new HashMap<>();
    private final ObjectProvider<LearnedPolicies> learned;

    RoutePlanner(RoutingProperties properties, ObjectProvider<LearnedPolicies> learned) {
        this.properties = properties;
        this.learned = learned;
        properties
                .policies()
                .forEach(
                        (name, settings) ->
                                policies.put(
                                        name,
                                        new Policy(
                                                name,
                                                settings.ladder(),
                                                settings.maxRetriesPerRung(),
                                                settings.escalateWithContext(),
                                                settings.whenNoCapacity(),
                                                settings.flex(),
                                                settings.hedge())));
        verify();
    }

    public Route plan(TaskDefinition type, Stakes stakes) {
        Tier tier = tierOf(type, stakes);
        return new Route(tier, policies.get(policyName(type, tier)));
    }

    /** A configured policy, or a trained learned one ({@code learned:<router>@<version>}). */
    public Optional<Policy> policy(String name) {
        Policy configured = policies.get(name);
        if (configured != null || !name.startsWith(LearnedPolicies.PREFIX)) {
            return Optional.ofNullable(configured);
        }
        return learnedPolicy(name).map(LearnedPolicy::policy);
    }

    /**
     * Whether the policy may serve live traffic: a configured one always, a learned one once its
     * offline evaluation has finished.
     */
    public boolean liveReady(Policy policy) {
        return policies.containsKey(policy.name())
                || learnedPolicy(policy.name()).map(LearnedPolicy::evaluated).orElse(false);
    }

    /**
     * The route as this input starts it: a learned policy's ladder from the rung its router picks
     * for the input (the rungs below are left out, so the first attempt is rung 1 and climbing from
     * there is an escalation as on any ladder); any other route unchanged.
     */
    public Route startFor(Route route, TaskRequest request, boolean queued) {
        if (!route.policy().name().startsWith(LearnedPolicies.PREFIX)) {
            return route;
        }
        return learnedPolicy(route.policy().name())
                .map(
                        policy -> {
                            int start = policy.startRung(request, queued);
                            return start == 0
                                    ? route
                                    : new Route(
                                            route.tier(),
                                            route.policy().startingAt(start),
                                            route.experimentId(),
                                            route.arm(),
                                            route.waitingSource());
                        })
                .orElse(route);
    }

    private Optional<LearnedPolicy> learnedPolicy(String name) {
        LearnedPolicies source = learned.getIfAvailable();
        return source == null ? Optional.empty() : source.find(name);
    }

    /** Whether every model of the policy may serve high-stakes work. */
    public boolean allowedForTierA(Policy policy) {
        return policy.ladder().stream().allMatch(model -> properties.models().get(model).tierA());
    }

    public ReasoningEffort reasoningEffort(String model) {
        return properties.models().get(model).reasoningEffort();
    }

    @Override
    public List<Violation> check(TaskDefinition type) {
        List<Violation> violations = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            String name = policyName(type, tier);
            Policy policy = policies.get(name);
            String at = "/tiers/policies/" + tier;
            if (policy == null) {
                violations.add(
                        new Violation(
                                at,
                                "Tier "
                                        + tier
                                        + " would use policy '"
                                        + name
                                        + "', which is not "
                                        + "configured under rung.routing.policies (configured: "
                                        + String.join(
                                                ", ", policies.keySet().stream().sorted().toList())
                                        + ")"));
            } else if (tier == Tier.A && !allowedForTierA(policy)) {
                String model =
                        policy.ladder().stream()
                                .filter(m -> !properties.models().get(m).tierA())
                                .findFirst()
                                .orElseThrow();
                violations.add(
                        new Violation(
                                at,
                                "Tier A tasks would run on "
                                        + model
                                        + " through policy '"
                                        + name
                                        + "', but "
                                        + model
                                        + " is not allowed for Tier A (rung.routing.models."
                                        + model
                                        + ".tier-a=false); give Tier A "
                                        + "a policy without it"));
            }
        }
        return violations;
    }

    private Tier tierOf(TaskDefinition type, Stakes stakes) {
        if (type.defaultStakes().or(stakes).anySet()) {
            return Tier.A;
        }
        RoutingProperties.TaskTypeRouting forType = properties.taskTypes().get(type.slug());
        return forType != null && forType.tier() != null ? forType.tier() : type.defaultTier();
    }

    private String policyName(TaskDefinition type, Tier tier) {
        RoutingProperties.TaskTypeRouting forType = properties.taskTypes().get(type.slug());
        if (forType != null
                && forType.tierPolicies() != null
                && forType.tierPolicies().containsKey(tier)) {
            return forType.tierPolicies().get(tier);
        }
        return type.tierPolicies().getOrDefault(tier, properties.tierPolicies().get(tier));
    }

    private void verify() {
        policies.values()
                .forEach(
                        policy ->
                                policy.ladder()
                                        .forEach(
                                                model -> {
                                                    if (!properties.models().containsKey(model)) {
                                                        throw new IllegalStateException(
                                                                "Routing policy '"
                                                                        + policy.name()
                                                                        + "' names model '"
                                                                        + model
                                                                        + "', which is not"
                                                                        + " configured under"
                                                                        + " rung.routing.models");
                                                    }
                                                }));
        for (Tier tier : Tier.values()) {
            Policy policy = policies.get(properties.tierPolicies().get(tier));
            if (policy == null) {
                throw new IllegalStateException(
                        "rung.routing.tier-policies."
                                + tier
                                + " names policy '"
                                + properties.tierPolicies().get(tier)
                                + "', which is not configured under rung.routing.policies");
            }
            if (tier == Tier.A && !allowedForTierA(policy)) {
                throw new IllegalStateException(
                        "Tier A tasks would run on a model not allowed for Tier A through policy '"
                                + policy.name()
                                + "' ("
                                + String.join(" -> ", policy.ladder())
                                + "): rung.routing.tier-policies.A must name a policy without a"
                                + " model marked tier-a: false, such as gpt-5.4-nano");
            }
        }
    }
}
