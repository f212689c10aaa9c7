package dev.rung.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.task.TaskDefinition;
import dev.rung.task.internal.OfflineDefinitions;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * With strict structured outputs a model cannot answer invalid JSON, leave out a field or use a
 * value outside an enum. The simulator's strict answers keep to that, whatever its fault rates say;
 * what remains wrong with them is what a strict-mode model gets wrong.
 */
class StrictModeAnswersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DRAWS = 10_000;

    /** Every answer fault at once, the schema-breaking ones most of all. */
    private static final FaultRates EVERY_FAULT =
            new FaultRates(0.1, 0.2, 0.2, 0.2, 0.05, 0.05, 0.05, 0, 0, 0, 0.15, 0, 0, 0);

    @Test
    void tenThousandStrictAnswersHoldNoInvalidOne() {
        for (String type :
                List.of(
                        "lead-classification",
                        "ticket-tagging",
                        "field-extraction",
                        "account-fit-ranking",
                        "lead-to-account-matching")) {
            TaskDefinition definition = OfflineDefinitions.shipped(type);
            Map<FaultRates.AnswerFault, Integer> seen = new EnumMap<>(FaultRates.AnswerFault.class);
            for (int draw = 0; draw < DRAWS; draw++) {
                var random = new SplittableRandom(draw);
                FaultRates.AnswerFault fault = EVERY_FAULT.answerFault(random.nextDouble(), true);
                seen.merge(fault, 1, Integer::sum);
                String answer = answer(type, definition, fault, random);
                if (fault == FaultRates.AnswerFault.REFUSAL
                        || fault == FaultRates.AnswerFault.TRUNCATION) {
                    continue; // no content, or cut off with finish_reason "length": both flagged as
                    // such
                }
                JsonNode parsed = JSON.readTree(answer);
                assertThat(definition.contract().answerViolations(parsed))
                        .as("%s answer with fault %s: %s", type, fault, answer)
                        .isEmpty();
            }
            assertThat(seen)
                    .as(type)
                    .doesNotContainKeys(
                            FaultRates.AnswerFault.SCHEMA_INVALID,
                            FaultRates.AnswerFault.MISSING_FIELDS,
                            FaultRates.AnswerFault.LABEL_OUTSIDE)
                    .containsKeys(
                            FaultRates.AnswerFault.WRONG,
                            FaultRates.AnswerFault.RULE_VIOLATION,
                            FaultRates.AnswerFault.NONE);
        }
    }

    @Test
    void aRuleViolationIsValidAgainstTheSchemaAndBreaksTheTypesRule() {
        for (String type :
                List.of(
                        "lead-classification",
                        "ticket-tagging",
                        "field-extraction",
                        "account-fit-ranking",
                        "lead-to-account-matching")) {
            TaskDefinition definition = OfflineDefinitions.shipped(type);
            JsonNode input = input(type);
            String answer =
                    answer(
                            type,
                            definition,
                            FaultRates.AnswerFault.RULE_VIOLATION,
                            new SplittableRandom(7));
            JsonNode parsed = JSON.readTree(answer);
            assertThat(definition.contract().answerViolations(parsed)).as(type).isEmpty();
            assertThat(definition.contract().ruleViolations(parsed, input))
                    .as(type + ": " + answer)
                    .isNotEmpty();
        }
    }

    @Test
    void withoutStrictModeAModelMayStillAnswerInvalidJson() {
        TaskDefinition lead = OfflineDefinitions.shipped("lead-classification");
        int invalid = 0;
        for (int draw = 0; draw < 1_000; draw++) {
            var random = new SplittableRandom(draw);
            FaultRates.AnswerFault fault = EVERY_FAULT.answerFault(random.nextDouble(), false);
            String answer = answer("lead-classification", lead, fault, random);
            if (answer == null || fault == FaultRates.AnswerFault.TRUNCATION) {
                continue;
            }
            try {
                if (!lead.contract().answerViolations(JSON.readTree(answer)).isEmpty()) {
                    invalid++;
                }
            } catch (JacksonException notJson) {
                invalid++;
            }
        }
        // Invalid JSON and labels outside the set (40% of the draws) break the schema; missing
        // fields
        // (another 20%) leave a required text empty, which the schema allows and the checks catch.
        assertThat(invalid).isBetween(350, 450);
    }

    @Test
    void confidenceSeparatesRightFromWrongAnswersWithOverlap() {
        ConfidenceCurve curve = ConfidenceCurve.DEFAULT;
        var random = new SplittableRandom(1);
        double threshold = 0.7;
        int rightBelow = 0;
        int wrongBelow = 0;
        for (int i = 0; i < 10_000; i++) {
            rightBelow += curve.draw(true, random) < threshold ? 1 : 0;
            wrongBelow += curve.draw(false, random) < threshold ? 1 : 0;
        }
        // Uniform ranges: no right answer under 0.72; (0.70 - 0.45) / (0.88 - 0.45) = 58% of wrong
        // ones.
        assertThat(rightBelow).isZero();
        assertThat(wrongBelow / 10_000.0).isBetween(0.55, 0.61);
    }

    private static String answer(
            String type,
            TaskDefinition definition,
            FaultRates.AnswerFault fault,
            SplittableRandom random) {
        ObjectNode truth =
                SimulatedAnswer.truth(
                        type,
                        input(type),
                        definition.outputSchema(),
                        new SplittableRandom(3),
                        random);
        return SimulatedAnswer.spoil(
                truth, fault, definition.outputSchema(), type, ConfidenceCurve.DEFAULT, random);
    }

    private static JsonNode input(String type) {
        return JSON.readTree(
                switch (type) {
                    case "lead-classification" ->
                            """
                            {"email":"ana@acme.com","company":"Acme","companySize":250,"message":"We need pricing for 40 seats"}\
                            """;
                    case "ticket-tagging" ->
                            """
                            {"subject":"Charged twice","body":"My invoice shows two payments this month."}\
                            """;
                    case "field-extraction" ->
                            """
                            {"fields":{"Company":"Acme GmbH","Website":"https://acme.de","Country":"Germany","Job title":"Head of Sales"}}\
                            """;
                    case "account-fit-ranking" ->
                            """
                            {"account":{"name":"Acme","industry":"software","employees":400,"country":"DE"}}\
                            """;
                    case "lead-to-account-matching" ->
                            """
                            {"lead":{"email":"ana@acme.com","company":"Acme"},"candidates":[{"id":"acc-1","name":"Acme","domain":"acme.com"},{"id":"acc-2","name":"Globex","domain":"globex.com"}]}\
                            """;
                    default -> "{}";
                });
    }
}
