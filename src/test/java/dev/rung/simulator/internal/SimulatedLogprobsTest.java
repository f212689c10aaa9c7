package dev.rung.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rung.checks.Candidate;
import dev.rung.checks.SpelledProbability;
import dev.rung.task.TaskDefinition;
import dev.rung.task.internal.OfflineDefinitions;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's log-probabilities spell its answer and put the label's probability where its
 * confidence curve says: 0.72–0.99 for a right answer, 0.45–0.88 for a wrong one, 0.2–0.5 for a
 * low-confidence fault; read back the way Rung reads a provider's.
 */
class SimulatedLogprobsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TaskDefinition LEADS = OfflineDefinitions.shipped("lead-classification");
    private static final TaskDefinition TICKETS = OfflineDefinitions.shipped("ticket-tagging");

    @Test
    void theLabelsProbabilityFollowsTheConfidenceCurve() {
        assertLabelProbabilities(FaultRates.AnswerFault.NONE, 0.72, 0.99);
        assertLabelProbabilities(FaultRates.AnswerFault.WRONG, 0.45, 0.88);
        assertLabelProbabilities(FaultRates.AnswerFault.LOW_CONFIDENCE, 0.2, 0.5);
    }

    @Test
    void everyTagOfAListIsSpelledWithItsOwnProbability() {
        var random = new SplittableRandom(7);
        ObjectNode truth =
                SimulatedAnswer.truth(
                        "ticket-tagging",
                        JSON.readTree(
                                "{\"subject\":\"Refund and invoice\",\"body\":\"Billed twice, want"
                                        + " a refund\"}"),
                        TICKETS.outputSchema(),
                        new SplittableRandom(1),
                        random);
        String content = truth.toString();
        JsonNode logprobs =
                SimulatedLogprobs.of(
                        content,
                        truth,
                        TICKETS.outputSchema(),
                        FaultRates.AnswerFault.NONE,
                        ConfidenceCurve.DEFAULT,
                        2,
                        random);
        assertThat(SpelledProbability.of(content, tokens(logprobs), "tags")).isPresent();
        assertThat(logprobs.path("content").get(0).path("top_logprobs")).isNotEmpty();
    }

    private static void assertLabelProbabilities(
            FaultRates.AnswerFault fault, double low, double high) {
        for (int draw = 0; draw < 2_000; draw++) {
            var random = new SplittableRandom(draw);
            ObjectNode truth =
                    SimulatedAnswer.truth(
                            "lead-classification",
                            JSON.readTree(
                                    "{\"email\":\"p" + draw + "@firm.com\",\"title\":\"VP\"}"),
                            LEADS.outputSchema(),
                            new SplittableRandom(3),
                            random);
            String content =
                    SimulatedAnswer.spoil(
                            truth,
                            fault,
                            LEADS.outputSchema(),
                            "lead-classification",
                            ConfidenceCurve.DEFAULT,
                            random);
            JsonNode logprobs =
                    SimulatedLogprobs.of(
                            content,
                            JSON.readTree(content),
                            LEADS.outputSchema(),
                            fault,
                            ConfidenceCurve.DEFAULT,
                            0,
                            random);
            List<Candidate.Token> tokens = tokens(logprobs);
            assertThat(String.join("", tokens.stream().map(Candidate.Token::text).toList()))
                    .isEqualTo(content);
            double label = SpelledProbability.of(content, tokens, "label").orElseThrow();
            assertThat(label).as("%s draw %d", fault, draw).isBetween(low - 0.005, high + 0.005);
            // Free text is near certain token by token, so its product only falls with length.
            double reason = SpelledProbability.of(content, tokens, "reason").orElseThrow();
            assertThat(reason).isGreaterThan(0.0);
            assertThat(label).isNotCloseTo(0, within(0.1));
        }
    }

    private static List<Candidate.Token> tokens(JsonNode logprobs) {
        List<Candidate.Token> tokens = new ArrayList<>();
        for (JsonNode token : logprobs.path("content")) {
            tokens.add(
                    new Candidate.Token(
                            token.path("token").asString(), token.path("logprob").asDouble()));
        }
        return tokens;
    }
}
