package dev.rung.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.task.RuleViolation;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.task.Violation;
import dev.rung.task.internal.OfflineDefinitions;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;

/**
 * Each kind of bad answer gets its own outcome and evidence, checked against the shipped
 * definitions.
 */
class AnswerCheckerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TaskDefinition LEADS = OfflineDefinitions.shipped("lead-classification");
    private static final TaskDefinition TICKETS = OfflineDefinitions.shipped("ticket-tagging");
    private static final TaskDefinition FIELDS = OfflineDefinitions.shipped("field-extraction");
    private static final TaskDefinition MATCHES =
            OfflineDefinitions.shipped("lead-to-account-matching");
    private static final TaskDefinition FIT = OfflineDefinitions.shipped("account-fit-ranking");

    private final AnswerChecker checker = new AnswerChecker();

    @Test
    void aGoodLeadAnswerPasses() {
        assertThat(
                        lead(
                                "{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"Asked a"
                                        + " question.\"}",
                                Tier.B))
                .isInstanceOf(CheckOutcome.Pass.class);
    }

    @Test
    void eachKindOfBadAnswerHasItsOwnOutcomeAndEvidence() {
        assertThat(lead("Sure! {\"label\":\"nurture\"}", Tier.B))
                .isEqualTo(
                        new CheckOutcome.SchemaInvalid(
                                List.of(new Violation("", "the answer is not a JSON object"))));
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"\"}", Tier.B))
                .isEqualTo(new CheckOutcome.MissingFields(List.of("reason")));
        assertThat(lead("{\"label\":\"hot-lead\",\"confidence\":0.9,\"reason\":\"r\"}", Tier.B))
                .isInstanceOfSatisfying(
                        CheckOutcome.SchemaInvalid.class,
                        invalid ->
                                assertThat(invalid.errors())
                                        .extracting(Violation::pointer)
                                        .containsExactly("/label"));
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":\"high\",\"reason\":\"r\"}", Tier.B))
                .isInstanceOfSatisfying(
                        CheckOutcome.SchemaInvalid.class,
                        invalid ->
                                assertThat(invalid.errors())
                                        .extracting(Violation::pointer)
                                        .contains("/confidence"));
        assertThat(
                        lead(
                                "{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\"r\",\"extra\":1}",
                                Tier.B))
                .isInstanceOfSatisfying(
                        CheckOutcome.SchemaInvalid.class,
                        invalid ->
                                assertThat(invalid.errors())
                                        .extracting(Violation::pointer)
                                        .containsExactly("/extra"));
        assertThat(lead("{\"label\":\"nurture\",\"confidence\":0.75,\"reason\":\"r\"}", Tier.A))
                .isEqualTo(new CheckOutcome.LowConfidence(0.75, 0.8));
        assertThat(
                        lead(
                                "{\"label\":\"nurture\",\"confidence\":0.9,\"reason\":\""
                                        + "x".repeat(281)
                                        + "\"}",
                                Tier.B))
                .isInstanceOfSatisfying(
                        CheckOutcome.RuleFailed.class,
                        failed -> {
                            RuleViolation violation = failed.violations().getFirst();
                            assertThat(violation.rule()).isEqualTo("reason_length");
                            assertThat(violation.pointer()).isEqualTo("/reason");
                            assertThat(violation.value())
                                    .startsWith("xxx")
                                    .endsWith("…")
                                    .hasSize(201);
                            assertThat(violation.message()).contains("280");
                        });
    }

    @Test
    void refusalsAndCutOffAnswersAreNamedAsSuch() {
        var refusal = answer("", Optional.of("I can't help with that."), false);
        var cut = answer("{\"label\":\"nur", Optional.empty(), true);

        assertThat(checker.check(LEADS, Tier.B, refusal, input()))
                .isEqualTo(new CheckOutcome.Refusal("I can't help with that."));
        assertThat(checker.check(LEADS, Tier.B, cut, input()))
                .isInstanceOf(CheckOutcome.Truncated.class);
    }

    @Test
    void ticketAndFieldRulesNameTheRuleThePointerAndTheValue() {
        assertThat(
                        checker.check(
                                TICKETS,
                                Tier.B,
                                parsed(
                                        "{\"tags\":[\"billing\",\"billing\"],\"priority\":\"low\",\"confidence\":0.9}"),
                                input()))
                .isInstanceOfSatisfying(
                        CheckOutcome.RuleFailed.class,
                        failed ->
                                assertThat(failed.violations())
                                        .extracting(
                                                RuleViolation::rule,
                                                RuleViolation::pointer,
                                                RuleViolation::value)
                                        .containsExactly(
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "tags_unique",
                                                        "/tags",
                                                        "[\"billing\",\"billing\"]")));
        String extraction =
                """
                {"company":"Globex","domain":"globex..de","jobTitle":null,"seniority":"vp","department":"sales",
                 "country":"Germany","employeeRange":"51-200","confidence":0.9}\
                """;
        assertThat(checker.check(FIELDS, Tier.B, parsed(extraction), input()))
                .isInstanceOfSatisfying(
                        CheckOutcome.RuleFailed.class,
                        failed ->
                                assertThat(failed.violations())
                                        .extracting(
                                                RuleViolation::rule,
                                                RuleViolation::pointer,
                                                RuleViolation::value)
                                        .containsExactly(
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "country_iso3166_alpha2",
                                                        "/country",
                                                        "Germany"),
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "domain_valid", "/domain", "globex..de")));
        String norway =
                """
                {"company":null,"domain":"globex.no","jobTitle":null,"seniority":"vp","department":"sales",
                 "country":"NO","employeeRange":"51-200","confidence":0.9}\
                """;
        assertThat(checker.check(FIELDS, Tier.B, parsed(norway), input()))
                .isInstanceOf(CheckOutcome.Pass.class);
    }

    @Test
    void aRuleCanTakeItsAllowedValuesFromTheTasksInput() {
        JsonNode candidates =
                JSON.readTree(
                        """
                        {"lead":{"email":"ana@globex.com"},"candidates":[{"id":"acc-1","name":"Globex"},{"id":"acc-2","name":"Initech"}]}\
                        """);
        String invented =
                "{\"accountId\":\"acc-9\",\"matchedOn\":\"domain\",\"confidence\":0.9,\"reason\":\"r\"}";
        String listed =
                "{\"accountId\":\"acc-2\",\"matchedOn\":\"domain\",\"confidence\":0.9,\"reason\":\"r\"}";
        String none =
                "{\"accountId\":null,\"matchedOn\":\"none\",\"confidence\":0.9,\"reason\":\"r\"}";
        String noneWithAnAccount =
                "{\"accountId\":\"acc-1\",\"matchedOn\":\"none\",\"confidence\":0.9,\"reason\":\"r\"}";

        assertThat(checker.check(MATCHES, Tier.B, parsed(invented), candidates))
                .isInstanceOfSatisfying(
                        CheckOutcome.RuleFailed.class,
                        failed ->
                                assertThat(failed.violations())
                                        .extracting(RuleViolation::rule)
                                        .contains("account_from_candidates"));
        assertThat(checker.check(MATCHES, Tier.B, parsed(listed), candidates))
                .isInstanceOf(CheckOutcome.Pass.class);
        assertThat(checker.check(MATCHES, Tier.B, parsed(none), candidates))
                .isInstanceOf(CheckOutcome.Pass.class);
        assertThat(checker.check(MATCHES, Tier.B, parsed(noneWithAnAccount), candidates))
                .isInstanceOfSatisfying(
                        CheckOutcome.RuleFailed.class,
                        failed ->
                                assertThat(failed.violations())
                                        .extracting(RuleViolation::rule)
                                        .containsOnly("none_means_no_account"));
    }

    @Test
    void aCrossFieldRuleHoldsTheTierToTheScore() {
        String agreeing =
                "{\"score\":80,\"fitTier\":\"A\",\"reasons\":[\"Right"
                        + " industry.\"],\"confidence\":0.9}";
        String disagreeing =
                "{\"score\":40,\"fitTier\":\"A\",\"reasons\":[\"Right"
                        + " industry.\"],\"confidence\":0.9}";

        assertThat(checker.check(FIT, Tier.B, parsed(agreeing), input()))
                .isInstanceOf(CheckOutcome.Pass.class);
        assertThat(checker.check(FIT, Tier.B, parsed(disagreeing), input()))
                .isInstanceOfSatisfying(
                        CheckOutcome.RuleFailed.class,
                        failed ->
                                assertThat(failed.violations())
                                        .extracting(
                                                RuleViolation::rule,
                                                RuleViolation::pointer,
                                                RuleViolation::value)
                                        .containsExactly(
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "tier_matches_score", "/score", "40")));
    }

    private CheckOutcome lead(String text, Tier tier) {
        return checker.check(LEADS, tier, parsed(text), input());
    }

    private static JsonNode input() {
        return JSON.createObjectNode();
    }

    private Candidate parsed(String text) {
        return answer(text, Optional.empty(), false);
    }

    private Candidate answer(String text, Optional<String> refusal, boolean truncated) {
        Optional<JsonNode> parsed;
        try {
            parsed = Optional.of(JSON.readTree(text)).filter(node -> !node.isMissingNode());
        } catch (tools.jackson.core.JacksonException e) {
            parsed = Optional.empty();
        }
        return new Candidate(parsed, refusal, truncated, 20);
    }
}
