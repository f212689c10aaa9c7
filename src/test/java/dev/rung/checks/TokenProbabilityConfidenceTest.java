package dev.rung.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rung.task.ConfidenceSource;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.task.internal.OfflineDefinitions;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Confidence from log-probabilities, on the wire fixtures: the probability of the label is the
 * product of the probabilities of the tokens that spell it, computed here by hand.
 */
class TokenProbabilityConfidenceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TaskDefinition LEADS = OfflineDefinitions.shipped("lead-classification");

    /**
     * The fixture's label "sales-ready" is spelled by the tokens {@code ":"} (its opening quote),
     * {@code sales}, {@code -ready} and {@code ","} (its closing quote).
     */
    private static final double LABEL_BY_HAND =
            Math.exp(-0.0000012 + -0.2231436 + -0.0000450 + -0.0000021);

    @Test
    void theLabelsProbabilityIsTheProductOfTheTokensThatSpellIt() throws IOException {
        Candidate answer = fixture("chat-completion-structured-logprobs.json");

        assertThat(SpelledProbability.of(answer.text(), answer.tokens().orElseThrow(), "label"))
                .hasValueCloseTo(LABEL_BY_HAND, within(1e-12));
        assertThat(LABEL_BY_HAND).isCloseTo(0.79996, within(0.00001));
        // The number 0.91 is spelled "0", ".", "91" (no quotes): its probability is e^-0.4769 =
        // 0.62.
        assertThat(
                        SpelledProbability.of(
                                        answer.text(), answer.tokens().orElseThrow(), "confidence")
                                .getAsDouble())
                .isCloseTo(Math.exp(-0.0000003 - 0.0000002 - 0.4769071), within(1e-12));
    }

    @Test
    void tokensThatDoNotSpellTheAnswerGiveNoProbability() throws IOException {
        // OpenAI's own example answers in prose: there is no label to find.
        Candidate prose = fixture("chat-completion-logprobs.json");
        assertThat(prose.tokens().orElseThrow()).hasSize(9);
        assertThat(SpelledProbability.of(prose.text(), prose.tokens().orElseThrow(), "label"))
                .isEmpty();
        Candidate answer = fixture("chat-completion-structured-logprobs.json");
        assertThat(
                        SpelledProbability.of(
                                answer.text() + " ", answer.tokens().orElseThrow(), "label"))
                .isEmpty();
    }

    @Test
    void theConfidenceSourceDecidesWhichConfidenceTheThresholdJudges() throws IOException {
        Candidate answer = fixture("chat-completion-structured-logprobs.json");
        var thresholds = Map.of(Tier.A, 0.8, Tier.B, 0.7);

        assertThat(
                        check(
                                new ConfidenceSource.TokenProbability("label", 0, thresholds),
                                answer,
                                Tier.A))
                .isEqualTo(new CheckOutcome.LowConfidence(LABEL_BY_HAND, 0.8, "logprobs"));
        assertThat(
                        check(
                                new ConfidenceSource.TokenProbability("label", 0, thresholds),
                                answer,
                                Tier.B))
                .isInstanceOfSatisfying(
                        CheckOutcome.Pass.class,
                        pass -> assertThat(pass.confidence()).hasValue(LABEL_BY_HAND));
        // The answer says 0.91 about itself; its tokens say 0.80: the lower decides.
        assertThat(check(new ConfidenceSource.Field("confidence", thresholds), answer, Tier.A))
                .isInstanceOf(CheckOutcome.Pass.class);
        assertThat(
                        check(
                                new ConfidenceSource.Lower("confidence", "label", 0, thresholds),
                                answer,
                                Tier.A))
                .isEqualTo(new CheckOutcome.LowConfidence(LABEL_BY_HAND, 0.8, "lower"));

        Candidate withoutLogprobs =
                new Candidate(
                        answer.text(),
                        answer.parsed(),
                        Optional.empty(),
                        false,
                        32,
                        Optional.empty());
        CheckOutcome unknown =
                check(
                        new ConfidenceSource.TokenProbability("label", 0, thresholds),
                        withoutLogprobs,
                        Tier.B);
        assertThat(unknown).isEqualTo(new CheckOutcome.LowConfidence(null, 0.7, "logprobs"));
        assertThat(unknown.evidence())
                .containsEntry("note", "the provider returned no log-probabilities");
        assertThat(
                        check(
                                new ConfidenceSource.Lower("confidence", "label", 0, thresholds),
                                withoutLogprobs,
                                Tier.A))
                .as("without log-probabilities, lower judges the answer's own 0.91")
                .isEqualTo(new CheckOutcome.Pass(answer.parsed().get(), OptionalDouble.of(0.91)));
    }

    private static CheckOutcome check(ConfidenceSource source, Candidate answer, Tier tier) {
        TaskDefinition type =
                new TaskDefinition(
                        LEADS.slug(),
                        LEADS.version(),
                        LEADS.description(),
                        LEADS.outputSchema(),
                        LEADS.requiredValues(),
                        source,
                        LEADS.maxOutputTokens(),
                        LEADS.defaultTier(),
                        LEADS.defaultStakes(),
                        LEADS.tierPolicies(),
                        LEADS.prompt(),
                        LEADS.contract(),
                        LEADS.verification(),
                        LEADS.grounding());
        return new AnswerChecker()
                .check(type, tier, answer, JSON.readTree("{\"email\":\"vp@bigco.com\"}"));
    }

    /** The answer of a wire fixture as the checks see it. */
    private static Candidate fixture(String name) throws IOException {
        JsonNode body =
                JSON.readTree(new ClassPathResource("openai-wire/" + name).getInputStream());
        JsonNode choice = body.path("choices").get(0);
        String text = choice.path("message").path("content").asString();
        List<Candidate.Token> tokens = new ArrayList<>();
        for (JsonNode token : choice.path("logprobs").path("content")) {
            tokens.add(
                    new Candidate.Token(
                            token.path("token").asString(), token.path("logprob").asDouble()));
        }
        Optional<JsonNode> parsed;
        try {
            parsed = Optional.of(JSON.readTree(text));
        } catch (RuntimeException notJson) {
            parsed = Optional.empty();
        }
        return new Candidate(text, parsed, Optional.empty(), false, 32, Optional.of(tokens));
    }
}
