package dev.rung.routing;

import dev.rung.gateway.ReasoningEffort;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.Stakes;
import dev.rung.task.TaskType;
import dev.rung.task.Tier;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Picks a task's tier and policy. Tier A when any stakes flag is set or the task type is configured as A;
 * otherwise B. The policy comes from the task type's own tier mapping, else the global one. The whole
 * configuration is checked at startup: a Tier A ladder holding a model not allowed for Tier A, or a ladder
 * naming an unknown model, stops the service with a message that says which.
 */
@Component
public class RoutePlanner {

    private final RoutingProperties properties;
    private final Map<String, Policy> policies = new HashMap<>();

    RoutePlanner(RoutingProperties properties) {
        this.properties = properties;
        properties.policies().forEach((name, settings) -> policies.put(name,
                new Policy(name, settings.ladder(), settings.maxRetriesPerRung(), settings.escalateWithContext(),
                        settings.whenNoCapacity())));
        verify();
    }

    public Route plan(TaskType type, Stakes stakes) {
        Tier tier = tierOf(type, stakes);
        return new Route(tier, policies.get(policyName(type, tier)));
    }

    public Optional<Policy> policy(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    /** Whether every model of the policy may serve high-stakes work. */
    public boolean allowedForTierA(Policy policy) {
        return policy.ladder().stream().allMatch(model -> properties.models().get(model).tierA());
    }

    public ReasoningEffort reasoningEffort(String model) {
        return properties.models().get(model).reasoningEffort();
    }

    private Tier tierOf(TaskType type, Stakes stakes) {
        if (stakes != null && stakes.anySet()) {
            return Tier.A;
        }
        RoutingProperties.TaskTypeRouting forType = properties.taskTypes().get(type.slug());
        return forType != null && forType.tier() != null ? forType.tier() : Tier.B;
    }

    private String policyName(TaskType type, Tier tier) {
        RoutingProperties.TaskTypeRouting forType = properties.taskTypes().get(type.slug());
        if (forType != null && forType.tierPolicies() != null && forType.tierPolicies().containsKey(tier)) {
            return forType.tierPolicies().get(tier);
        }
        return properties.tierPolicies().get(tier);
    }

    private void verify() {
        policies.values().forEach(policy -> policy.ladder().forEach(model -> {
            if (!properties.models().containsKey(model)) {
                throw new IllegalStateException("Routing policy '" + policy.name() + "' names model '" + model
                        + "', which is not configured under rung.routing.models");
            }
        }));
        for (TaskType type : TaskType.values()) {
            for (Tier tier : Tier.values()) {
                String name = policyName(type, tier);
                Policy policy = policies.get(name);
                if (policy == null) {
                    throw new IllegalStateException("Task type " + type.slug() + " in Tier " + tier
                            + " uses policy '" + name + "', which is not configured under rung.routing.policies");
                }
                if (tier == Tier.A) {
                    policy.ladder().stream().filter(model -> !properties.models().get(model).tierA()).findFirst()
                            .ifPresent(model -> {
                                throw new IllegalStateException("Tier A tasks of type " + type.slug()
                                        + " would run on " + model + " through policy '" + name + "', but " + model
                                        + " is not allowed for Tier A (rung.routing.models." + model + ".tier-a=false)."
                                        + " Give Tier A a policy without it.");
                            });
                }
            }
        }
    }
}
