package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rung.gateway.ReasoningEffort;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.Stakes;
import dev.rung.task.TaskType;
import dev.rung.task.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {

    static final Map<String, RoutingProperties.ModelSettings> MODELS = Map.of(
            "gpt-5.4-nano", new RoutingProperties.ModelSettings(ReasoningEffort.NONE, false),
            "gpt-5.4-mini", new RoutingProperties.ModelSettings(ReasoningEffort.NONE, true),
            "gpt-5.4", new RoutingProperties.ModelSettings(ReasoningEffort.LOW, true));
    static final Map<String, RoutingProperties.PolicySettings> POLICIES = Map.of(
            "nano-first", new RoutingProperties.PolicySettings(List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4"), 2, false, Policy.NoCapacity.FALL_BACK),
            "mini-first", new RoutingProperties.PolicySettings(List.of("gpt-5.4-mini", "gpt-5.4"), 2, false, Policy.NoCapacity.FALL_BACK));

    @Test
    void anyStakesFlagMakesATaskTierA() {
        RoutePlanner planner = planner(Map.of(Tier.A, "mini-first", Tier.B, "nano-first"), Map.of());

        assertThat(planner.plan(TaskType.LEAD_CLASSIFICATION, null).tier()).isEqualTo(Tier.B);
        assertThat(planner.plan(TaskType.LEAD_CLASSIFICATION, Stakes.NONE).policy().name()).isEqualTo("nano-first");
        for (Stakes stakes : List.of(new Stakes(true, null, null, null), new Stakes(null, true, null, null),
                new Stakes(null, null, true, null), new Stakes(null, null, null, true))) {
            Route route = planner.plan(TaskType.LEAD_CLASSIFICATION, stakes);
            assertThat(route.tier()).isEqualTo(Tier.A);
            assertThat(route.policy().ladder()).doesNotContain("gpt-5.4-nano");
        }
    }

    @Test
    void aTaskTypeCanBeConfiguredAsTierAOrGetItsOwnPolicy() {
        RoutePlanner planner = planner(Map.of(Tier.A, "mini-first", Tier.B, "nano-first"), Map.of(
                "ticket-tagging", new RoutingProperties.TaskTypeRouting(Tier.A, null),
                "field-extraction", new RoutingProperties.TaskTypeRouting(null, Map.of(Tier.B, "mini-first"))));

        assertThat(planner.plan(TaskType.TICKET_TAGGING, Stakes.NONE).tier()).isEqualTo(Tier.A);
        assertThat(planner.plan(TaskType.FIELD_EXTRACTION, Stakes.NONE).policy().name()).isEqualTo("mini-first");
    }

    @Test
    void startupFailsWhenTierACouldRunOnNano() {
        assertThatThrownBy(() -> planner(Map.of(Tier.A, "nano-first", Tier.B, "nano-first"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Tier A").hasMessageContaining("gpt-5.4-nano").hasMessageContaining("nano-first");
        assertThatThrownBy(() -> planner(Map.of(Tier.A, "mini-first", Tier.B, "nano-first"),
                Map.of("lead-classification", new RoutingProperties.TaskTypeRouting(null, Map.of(Tier.A, "nano-first")))))
                .hasMessageContaining("lead-classification");
    }

    @Test
    void startupFailsOnUnknownPoliciesAndModels() {
        assertThatThrownBy(() -> planner(Map.of(Tier.A, "mini-first", Tier.B, "cheapest"), Map.of()))
                .hasMessageContaining("'cheapest'");
    }

    private static RoutePlanner planner(Map<Tier, String> tierPolicies, Map<String, RoutingProperties.TaskTypeRouting> types) {
        return new RoutePlanner(new RoutingProperties(Duration.ofSeconds(60), Duration.ofSeconds(30), 8,
                new RoutingProperties.BackoffSettings(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2),
                MODELS, POLICIES, tierPolicies, types));
    }
}
