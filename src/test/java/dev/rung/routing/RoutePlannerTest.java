package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rung.gateway.ReasoningEffort;
import dev.rung.routing.internal.RoutingProperties;
import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.task.Violation;
import dev.rung.task.internal.OfflineDefinitions;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class RoutePlannerTest {

    static final Map<String, RoutingProperties.ModelSettings> MODELS =
            Map.of(
                    "gpt-5.4-nano",
                            new RoutingProperties.ModelSettings(ReasoningEffort.NONE, false, false),
                    "gpt-5.4-mini",
                            new RoutingProperties.ModelSettings(ReasoningEffort.NONE, true, false),
                    "gpt-5.4",
                            new RoutingProperties.ModelSettings(ReasoningEffort.LOW, true, false));
    static final Map<String, RoutingProperties.PolicySettings> POLICIES =
            Map.of(
                    "nano-first",
                            new RoutingProperties.PolicySettings(
                                    List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4"),
                                    2,
                                    false,
                                    Policy.NoCapacity.FALL_BACK,
                                    false,
                                    dev.rung.routing.Policy.Hedge.NONE),
                    "mini-first",
                            new RoutingProperties.PolicySettings(
                                    List.of("gpt-5.4-mini", "gpt-5.4"),
                                    2,
                                    false,
                                    Policy.NoCapacity.FALL_BACK,
                                    false,
                                    dev.rung.routing.Policy.Hedge.NONE));
    static final RoutingProperties.FlexSettings NO_FLEX =
            new RoutingProperties.FlexSettings(
                    Map.of(), Map.of(), Duration.ofMinutes(15), Duration.ofMinutes(15));
    static final TaskDefinition LEADS = OfflineDefinitions.shipped("lead-classification");
    static final TaskDefinition TICKETS = OfflineDefinitions.shipped("ticket-tagging");
    static final TaskDefinition FIELDS = OfflineDefinitions.shipped("field-extraction");

    @Test
    void anyStakesFlagMakesATaskTierA() {
        RoutePlanner planner =
                planner(Map.of(Tier.A, "mini-first", Tier.B, "nano-first"), Map.of());

        assertThat(planner.plan(LEADS, null).tier()).isEqualTo(Tier.B);
        assertThat(planner.plan(LEADS, Stakes.NONE).policy().name()).isEqualTo("nano-first");
        for (Stakes stakes :
                List.of(
                        new Stakes(true, null, null, null),
                        new Stakes(null, true, null, null),
                        new Stakes(null, null, true, null),
                        new Stakes(null, null, null, true))) {
            Route route = planner.plan(LEADS, stakes);
            assertThat(route.tier()).isEqualTo(Tier.A);
            assertThat(route.policy().ladder()).doesNotContain("gpt-5.4-nano");
        }
    }

    @Test
    void aDefinitionSetsItsDefaultTierItsOwnStakesAndItsPolicies() {
        RoutePlanner planner =
                planner(Map.of(Tier.A, "mini-first", Tier.B, "nano-first"), Map.of());
        TaskDefinition tierA = variant(LEADS, "tiers", "{\"default\": \"A\"}");
        TaskDefinition pricing = variant(LEADS, "stakes", "{\"pricingSensitive\": true}");
        TaskDefinition ownPolicy =
                variant(
                        LEADS,
                        "tiers",
                        "{\"default\": \"B\", \"policies\": {\"B\": \"mini-first\"}}");

        assertThat(planner.plan(tierA, Stakes.NONE).tier()).isEqualTo(Tier.A);
        assertThat(planner.plan(pricing, new Stakes(false, false, false, false)).tier())
                .isEqualTo(Tier.A);
        assertThat(planner.plan(ownPolicy, Stakes.NONE).policy().name()).isEqualTo("mini-first");
    }

    @Test
    void aDeploymentCanStillOverrideATypesTierOrPolicy() {
        RoutePlanner planner =
                planner(
                        Map.of(Tier.A, "mini-first", Tier.B, "nano-first"),
                        Map.of(
                                "ticket-tagging",
                                        new RoutingProperties.TaskTypeRouting(Tier.A, null),
                                "field-extraction",
                                        new RoutingProperties.TaskTypeRouting(
                                                null, Map.of(Tier.B, "mini-first"))));

        assertThat(planner.plan(TICKETS, Stakes.NONE).tier()).isEqualTo(Tier.A);
        assertThat(planner.plan(FIELDS, Stakes.NONE).policy().name()).isEqualTo("mini-first");
    }

    @Test
    void startupFailsWhenTierACouldRunOnNano() {
        assertThatThrownBy(
                        () -> planner(Map.of(Tier.A, "nano-first", Tier.B, "nano-first"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Tier A")
                .hasMessageContaining("gpt-5.4-nano")
                .hasMessageContaining("nano-first");
        RoutePlanner overridden =
                planner(
                        Map.of(Tier.A, "mini-first", Tier.B, "nano-first"),
                        Map.of(
                                "lead-classification",
                                new RoutingProperties.TaskTypeRouting(
                                        null, Map.of(Tier.A, "nano-first"))));
        assertThat(overridden.check(LEADS))
                .singleElement()
                .satisfies(
                        violation -> {
                            assertThat(violation.pointer()).isEqualTo("/tiers/policies/A");
                            assertThat(violation.message())
                                    .contains("gpt-5.4-nano")
                                    .contains("nano-first");
                        });
    }

    @Test
    void aDefinitionNamingAnUnknownPolicyOrNanoForTierAIsRefused() {
        RoutePlanner planner =
                planner(Map.of(Tier.A, "mini-first", Tier.B, "nano-first"), Map.of());

        assertThat(planner.check(variant(LEADS, "tiers", "{\"policies\": {\"B\": \"cheapest\"}}")))
                .extracting(Violation::pointer, Violation::message)
                .singleElement()
                .satisfies(
                        v ->
                                assertThat(v.toString())
                                        .contains("/tiers/policies/B")
                                        .contains("'cheapest'"));
        assertThat(
                        planner.check(
                                variant(LEADS, "tiers", "{\"policies\": {\"A\": \"nano-first\"}}")))
                .extracting(Violation::pointer)
                .containsExactly("/tiers/policies/A");
        assertThat(planner.check(LEADS)).isEmpty();
    }

    @Test
    void startupFailsOnUnknownPoliciesAndModels() {
        assertThatThrownBy(
                        () -> planner(Map.of(Tier.A, "mini-first", Tier.B, "cheapest"), Map.of()))
                .hasMessageContaining("'cheapest'");
    }

    /** The shipped definition with one top-level field replaced. */
    private static TaskDefinition variant(TaskDefinition base, String field, String yaml) {
        ObjectNode document = (ObjectNode) base.contract().document().deepCopy();
        document.set(field, new YAMLMapper().readTree(yaml));
        return OfflineDefinitions.compile(document);
    }

    private static RoutePlanner planner(
            Map<Tier, String> tierPolicies, Map<String, RoutingProperties.TaskTypeRouting> types) {
        return new RoutePlanner(
                new RoutingProperties(
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(30),
                        8,
                        new RoutingProperties.BackoffSettings(
                                Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2),
                        MODELS,
                        POLICIES,
                        tierPolicies,
                        types,
                        true,
                        NO_FLEX),
                // No learned policies: only the configured ones.
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(LearnedPolicies.class));
    }
}
