package dev.rung.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

@ExtendWith(OutputCaptureExtension.class)
class PrivacyTest extends IntegrationTest {

    @Autowired PersonalData personalData;

    @Test
    void emailAddressesAndPhoneNumbersNeverReachTheLogs(CapturedOutput output) {
        var log = LoggerFactory.getLogger("privacy-test");
        log.info(
                "Lead from maria.lopez@acme-logistics.com, call +49 170 1234567 or (030) 123-4567");
        log.warn(
                "Lookup failed",
                new IllegalStateException("no contact for dana@northwind.example"));

        assertThat(output).contains("Lead from [email], call [phone] or [phone]");
        assertThat(output).contains("no contact for [email]");
        assertThat(output)
                .doesNotContain(
                        "maria.lopez@acme-logistics.com", "1234567", "dana@northwind.example");
    }

    @Test
    void aSubjectIsErasedButItsNumbersRemain() {
        String subject = "person-" + UUID.randomUUID();
        JsonNode task =
                body(
                        post(
                                "/v1/tasks/lead-classification",
                                """
                                {"subjectId":"%s","lead":{"email":"erase.me@example.org","firstName":"Erin","message":"Call me on +1 555 123 4567"}}\
                                """
                                        .formatted(subject)));
        String taskId = task.path("taskId").asString();
        post(
                "/v1/tasks/" + taskId + "/feedback",
                "{\"correct\":{\"label\":\"nurture\"},\"reviewer\":\"kim\",\"note\":\"Erin is"
                        + " nice\"}");

        JsonNode erased = body(delete("/v1/subjects/" + subject));

        assertThat(erased.path("tasksErased").asInt()).isEqualTo(1);
        Map<String, Object> row =
                jdbc.sql(
                                "select subject_id, input::text as input, result, status, cost_usd,"
                                        + " input_purged_at from task where id = ?::uuid")
                        .param(taskId)
                        .query()
                        .singleRow();
        assertThat((String) row.get("subject_id")).startsWith("erased:");
        assertThat(row.get("input")).isEqualTo("{}");
        assertThat(row.get("result")).isNull();
        assertThat(row.get("status")).isEqualTo("succeeded");
        assertThat(row.get("cost_usd")).isNotNull();
        assertThat(row.get("input_purged_at")).isNotNull();
        assertThat(
                        jdbc.sql("select count(*) from feedback where task_id = ?::uuid")
                                .param(taskId)
                                .query(Integer.class)
                                .single())
                .isZero();
        assertThat(
                        jdbc.sql("select count(*) from task where input::text like '%erase.me%'")
                                .query(Integer.class)
                                .single())
                .isZero();
        assertThat(body(delete("/v1/subjects/" + subject)).path("tasksErased").asInt()).isZero();
    }

    @Test
    void theAnswerAFailedCheckJudgedIsKeptForReviewsHiddenFromAnalystsAndErased() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("ruleViolation", 1.0)));
        try {
            String subject = "judged-" + UUID.randomUUID();
            String taskId =
                    body(post(
                                    "/v1/tasks/lead-classification",
                                    """
                                    {"subjectId":"%s","lead":{"email":"judged@example.org","message":"Pricing?"}}\
                                    """
                                            .formatted(subject)))
                            .path("taskId")
                            .asString();
            String answerOfFirst =
                    "select (detail->'answer')::text from attempt where task_id = ?::uuid and seq ="
                            + " 1";
            assertThat(jdbc.sql(answerOfFirst).param(taskId).query(String.class).single())
                    .as("the rule-breaking answer nano gave")
                    .contains("\"label\"");
            assertThat(
                            jdbc.sql(
                                            "select count(*) from attempts where task_id = ?::uuid"
                                                    + " and detail->'answer' is not null")
                                    .param(taskId)
                                    .query(Integer.class)
                                    .single())
                    .isZero();

            delete("/v1/subjects/" + subject);

            assertThat(
                            jdbc.sql(
                                            "select count(*) from attempt where task_id = ?::uuid"
                                                    + " and detail->'answer' is not null")
                                    .param(taskId)
                                    .query(Integer.class)
                                    .single())
                    .isZero();
        } finally {
            resetSimulator();
        }
    }

    @Test
    void inputsOlderThanTheRetentionArePurged() {
        String subject = "old-" + UUID.randomUUID();
        String taskId =
                body(post(
                                "/v1/tasks/ticket-tagging",
                                """
                                {"subjectId":"%s","ticket":{"subject":"Old","body":"Reach me at old@example.org"}}\
                                """
                                        .formatted(subject)))
                        .path("taskId")
                        .asString();
        jdbc.sql("update task set created_at = now() - interval '91 days' where id = ?::uuid")
                .param(taskId)
                .update();

        personalData.purgeExpired();

        Map<String, Object> row =
                jdbc.sql(
                                "select input::text as input, result, status, input_purged_at from"
                                        + " task where id = ?::uuid")
                        .param(taskId)
                        .query()
                        .singleRow();
        assertThat(row.get("input")).isEqualTo("{}");
        assertThat(row.get("result")).isNull();
        assertThat(row.get("status")).isEqualTo("succeeded");
        assertThat(row.get("input_purged_at")).isNotNull();
        assertThat(
                        jdbc.sql("select subject_id from task where id = ?::uuid")
                                .param(taskId)
                                .query(String.class)
                                .single())
                .isEqualTo(subject);
    }
}
