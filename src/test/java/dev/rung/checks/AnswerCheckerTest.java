package dev.rung.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.TokenUsage;
import dev.rung.support.IntegrationTest;
import dev.rung.task.RuleViolation;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskType;
import dev.rung.task.Tier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AnswerCheckerTest extends IntegrationTest {

    @Autowired
    AnswerChecker checker;
    @Autowired
    TaskCatalog catalog;

    @Test
    void aGoodLeadAnswerPasses() {
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"Asked a question.\"}", Tier.B))
                .isInstanceOf(CheckOutcome.Pass.class);
    }

    @Test
    void eachKindOfBadAnswerHasItsOwnOutcomeAndEvidence() {
        assertThat(lead("Sure! {\"label\":\"nurture\"}", Tier.B)).isEqualTo(
                new CheckOutcome.SchemaInvalid(java.util.List.of("answer is not a JSON object")));
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"\"}", Tier.B))
                .isEqualTo(new CheckOutcome.MissingFields(java.util.List.of("reason")));
        assertThat(lead("{\"label\":\"hot-lead\",\"confidence\":0.9,\"reason\":\"r\"}", Tier.B)).isEqualTo(
                new CheckOutcome.RuleFailed(java.util.List.of(new RuleViolation("label_allowed", "label", "hot-lead"))));
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":\"high\",\"reason\":\"r\"}", Tier.B))
                .isInstanceOf(CheckOutcome.SchemaInvalid.class);
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"r\",\"extra\":1}", Tier.B))
                .isInstanceOf(CheckOutcome.SchemaInvalid.class);
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.75,\"reason\":\"r\"}", Tier.A))
                .isEqualTo(new CheckOutcome.LowConfidence(0.75, 0.8));
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"" + "x".repeat(281) + "\"}", Tier.B))
                .isInstanceOf(CheckOutcome.RuleFailed.class);
    }

    @Test
    void refusalsAndCutOffAnswersAreNamedAsSuch() {
        TaskDefinition task = catalog.definition(TaskType.LEAD_CLASSIFICATION);
        var refusal = answer("", Optional.of("I can't help with that."), FinishReason.STOP);
        var cut = answer("{\"label\":\"nur", Optional.empty(), FinishReason.LENGTH);

        assertThat(checker.check(task, Tier.B, refusal)).isEqualTo(new CheckOutcome.Refusal("I can't help with that."));
        assertThat(checker.check(task, Tier.B, cut)).isInstanceOf(CheckOutcome.Truncated.class);
    }

    @Test
    void ticketAndFieldRulesNameTheOffendingValue() {
        var tickets = catalog.definition(TaskType.TICKET_TAGGING);
        assertThat(checker.check(tickets, Tier.B, parsed("{\"tags\":[\"billing\",\"billing\"],\"priority\":\"low\",\"confidence\":0.9}")))
                .isEqualTo(new CheckOutcome.RuleFailed(java.util.List.of(new RuleViolation("tag_unique", "tags", "billing"))));
        var fields = catalog.definition(TaskType.FIELD_EXTRACTION);
        String extraction = """
                {"company":"Globex","domain":"globex..de","jobTitle":null,"seniority":"vp","department":"sales",
                 "country":"Germany","employeeRange":"51-200","confidence":0.9}""";
        assertThat(checker.check(fields, Tier.B, parsed(extraction))).isEqualTo(new CheckOutcome.RuleFailed(java.util.List.of(
                new RuleViolation("country_iso3166_alpha2", "country", "Germany"),
                new RuleViolation("domain_valid", "domain", "globex..de"))));
    }

    private CheckOutcome lead(String text, Tier tier) {
        return checker.check(catalog.definition(TaskType.LEAD_CLASSIFICATION), tier, parsed(text));
    }

    private ModelOutcome.Answer parsed(String text) {
        return answer(text, Optional.empty(), FinishReason.STOP);
    }

    private ModelOutcome.Answer answer(String text, Optional<String> refusal, FinishReason finish) {
        Optional<tools.jackson.databind.JsonNode> parsed;
        try {
            parsed = Optional.of(json.readTree(text)).filter(node -> !node.isMissingNode());
        } catch (tools.jackson.core.JacksonException e) {
            parsed = Optional.empty();
        }
        return new ModelOutcome.Answer(text, parsed, refusal, finish, new TokenUsage(100, 0, 20, 0), "m",
                Duration.ofMillis(5), Optional.empty(), Map.of());
    }
}
