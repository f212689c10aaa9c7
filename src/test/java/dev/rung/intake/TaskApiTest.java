package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class TaskApiTest extends IntegrationTest {

    static final String SALES_READY_LEAD =
            """
            {"subjectId":"lead-%s","lead":{"email":"maria@acme-logistics.com","firstName":"Maria","lastName":"Lopez",
             "company":"Acme Logistics","title":"VP Operations","companySize":1200,"industry":"Logistics",
             "country":"DE","source":"website","message":"We need enterprise pricing for 300 seats this quarter."}}\
            """;

    @BeforeEach
    void perfectModels() {
        simulatorFaults(Map.of());
    }

    @AfterEach
    void configuredModels() {
        resetSimulator();
    }

    @Test
    void classifiesALeadAndReportsItsCostAndAttempts() {
        var response =
                post(
                        "/v1/tasks/lead-classification",
                        SALES_READY_LEAD.formatted(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode task = body(response);
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("simulated").asBoolean()).isTrue();
        assertThat(task.path("result").path("label").asString()).isEqualTo("sales-ready");
        assertThat(task.path("route").path("tier").asString()).isEqualTo("B");
        assertThat(task.path("route").path("policy").asString()).isEqualTo("nano-first");
        assertThat(task.path("route").path("experiment").isNull()).isTrue();
        JsonNode attempt = task.path("attempts").get(0);
        assertThat(attempt.path("rung").asInt()).isEqualTo(1);
        assertThat(attempt.path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(attempt.path("modelAnswered").asString()).isEqualTo("gpt-5.4-nano-2026-03-17");
        assertThat(attempt.path("provider").asString()).isEqualTo("simulator");
        assertThat(attempt.path("outcome").asString()).isEqualTo("pass");
        assertThat(attempt.path("tokens").path("input").asLong()).isGreaterThan(100);
        assertThat(attempt.path("tokens").path("output").asLong()).isGreaterThan(5);
        assertThat(task.path("costUsd").decimalValue()).isPositive();
        assertThat(task.path("costUsd").decimalValue())
                .isEqualByComparingTo(attempt.path("costUsd").decimalValue());
    }

    @Test
    void storesTheTaskAndItsAttemptsForAnalysts() {
        JsonNode task =
                body(
                        post(
                                "/v1/tasks/lead-classification",
                                SALES_READY_LEAD.formatted(UUID.randomUUID())));
        UUID id = UUID.fromString(task.path("taskId").asString());

        Map<String, Object> row =
                jdbc.sql(
                                "select status, simulated, cost_usd, tier, policy, attempt_count,"
                                    + " input->>'company' as company, task_type_version from task"
                                    + " where id = ?")
                        .param(id)
                        .query()
                        .singleRow();
        assertThat(row)
                .containsEntry("status", "succeeded")
                .containsEntry("simulated", true)
                .containsEntry("tier", "B")
                .containsEntry("policy", "nano-first")
                .containsEntry("attempt_count", 1)
                .containsEntry("company", "Acme Logistics")
                .containsEntry("task_type_version", task.path("typeVersion").asInt());
        Map<String, Object> attempt =
                jdbc.sql(
                                "select provider, model_requested, outcome, input_tokens,"
                                        + " output_tokens, cost_usd, prompt_version,"
                                        + " length(prompt_sha256) as hash_length from attempt where"
                                        + " task_id = ?")
                        .param(id)
                        .query()
                        .singleRow();
        assertThat(attempt)
                .containsEntry("provider", "simulator")
                .containsEntry("model_requested", "gpt-5.4-nano")
                .containsEntry("outcome", "pass")
                .containsEntry("prompt_version", "lead-v1")
                .containsEntry("hash_length", 64);
        assertThat((Integer) attempt.get("input_tokens")).isPositive();
        assertThat((BigDecimal) attempt.get("cost_usd"))
                .isEqualByComparingTo((BigDecimal) row.get("cost_usd"));
    }

    @Test
    void readsATaskBackExactlyAsItWasAnswered() {
        JsonNode answered =
                body(
                        post(
                                "/v1/tasks/ticket-tagging",
                                """
                                {"subjectId":"t-1","ticket":{"subject":"Charged twice","body":"My credit card was charged twice for the invoice.","channel":"email","customerPlan":"pro"}}\
                                """));

        var read = get("/v1/tasks/" + answered.path("taskId").asString());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(body(read)).isEqualTo(answered);
        assertThat(answered.path("result").path("tags").get(0).asString()).isEqualTo("billing");
    }

    @Test
    void extractsFieldsFromAFormFill() {
        JsonNode task =
                body(
                        post(
                                "/v1/tasks/field-extraction",
                                """
                                {"subjectId":"f-1","form":{"fields":{"Company":"Globex GmbH","Email":"j.doe@globex.de",
                                 "Job Title":"Head of Marketing","Country":"Germany","Employees":"250"}}}\
                                """));

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        JsonNode result = task.path("result");
        assertThat(result.path("company").asString()).isEqualTo("Globex GmbH");
        assertThat(result.path("domain").asString()).isEqualTo("globex.de");
        assertThat(result.path("country").asString()).isEqualTo("DE");
        assertThat(result.path("seniority").asString()).isEqualTo("director");
        assertThat(result.path("department").asString()).isEqualTo("marketing");
        assertThat(result.path("employeeRange").asString()).isEqualTo("201-500");
    }

    @Test
    void highStakesLeadsNeverStartOnNano() {
        JsonNode task =
                body(
                        post(
                                "/v1/tasks/lead-classification",
                                """
                                {"subjectId":"vip","lead":{"email":"cfo@bigco.com","message":"Pricing please"},
                                 "stakes":{"customerFacing":true}}\
                                """));

        assertThat(task.path("route").path("tier").asString()).isEqualTo("A");
        assertThat(task.path("route").path("policy").asString()).isEqualTo("mini-first");
        assertThat(task.path("attempts").valueStream().map(a -> a.path("model").asString()))
                .doesNotContain("gpt-5.4-nano");
    }

    @Test
    void aFailedCheckEscalatesToTheNextRungAndBothAttemptsAreStored() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("ruleViolation", 1.0)));

        JsonNode task =
                body(
                        post(
                                "/v1/tasks/lead-classification",
                                SALES_READY_LEAD.formatted(UUID.randomUUID())));

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        List<JsonNode> attempts = task.path("attempts").valueStream().toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("outcome").asString()).isEqualTo("rule_failed");
        assertThat(attempts.get(0).path("detail").path("violations").get(0).path("rule").asString())
                .isEqualTo("reason_length");
        assertThat(
                        attempts.get(0)
                                .path("detail")
                                .path("violations")
                                .get(0)
                                .path("pointer")
                                .asString())
                .isEqualTo("/reason");
        assertThat(attempts.get(0).path("detail").path("next").asString()).isEqualTo("next_rung");
        assertThat(attempts.get(1).path("model").asString()).isEqualTo("gpt-5.4-mini");
        assertThat(attempts.get(1).path("outcome").asString()).isEqualTo("pass");
        BigDecimal sum =
                attempts.get(0)
                        .path("costUsd")
                        .decimalValue()
                        .add(attempts.get(1).path("costUsd").decimalValue());
        assertThat(task.path("costUsd").decimalValue()).isEqualByComparingTo(sum);
        Integer stored =
                jdbc.sql("select count(*) from attempt where task_id = ?")
                        .param(UUID.fromString(task.path("taskId").asString()))
                        .query(Integer.class)
                        .single();
        assertThat(stored).isEqualTo(2);
    }

    @Test
    void whenEveryRungFailsTheTaskFailsWithEveryAttemptStored() {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("refusal", 1.0),
                        "gpt-5.4-mini",
                        Map.of("truncation", 1.0),
                        "gpt-5.4",
                        Map.of("lowConfidence", 1.0)));

        var response =
                post(
                        "/v1/tasks/lead-classification",
                        SALES_READY_LEAD.formatted(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode task = body(response);
        assertThat(task.path("status").asString()).isEqualTo("failed");
        assertThat(task.path("failureReason").asString()).isEqualTo("ladder_exhausted");
        assertThat(task.path("result").isNull()).isTrue();
        assertThat(task.path("attempts").valueStream().map(a -> a.path("outcome").asString()))
                .containsExactly("refusal", "truncated", "low_confidence");
    }
}
