package dev.rung.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Workflows without Java: {@code renewal-risk} exists only as a YAML file of the tests' resources,
 * and each run creates another type over REST. Both go the whole way: intake validation, the
 * ladder, escalation on a named rule, the ledger, a webhook, an experiment's readout.
 */
class WorkflowsTest extends IntegrationTest {

    private static final String BILLING_SECRET = "cnVuZy1zdGFuZGFyZC13ZWJob29rcy10ZXN0LWtleS0zMmI=";

    private final List<String> experiments = new ArrayList<>();

    @BeforeEach
    void perfectModels() {
        simulatorFaults(Map.of());
    }

    @AfterEach
    void configuredModels() {
        experiments.forEach(id -> post("/v1/experiments/" + id + "/stop", "{}"));
        resetSimulator();
    }

    @Test
    void aTypeDefinedOnlyInYamlIsListedWithItsSchemas() {
        JsonNode listed = body(get("/v1/task-types"));
        assertThat(listed.valueStream().map(type -> type.path("slug").asString()))
                .contains(
                        "renewal-risk",
                        "lead-classification",
                        "account-fit-ranking",
                        "lead-to-account-matching");

        JsonNode type = body(get("/v1/task-types/renewal-risk"));
        assertThat(type.path("definition").path("inputSchema").path("properties").has("plan"))
                .isTrue();
        assertThat(type.path("definition").path("rules").get(0).path("name").asString())
                .isEqualTo("plan_as_given");
        assertThat(type.path("source").asString()).isEqualTo("shipped");
        assertThat(type.path("versions").get(0).path("version").asInt())
                .isEqualTo(type.path("version").asInt());
        assertThat(get("/v1/task-types/no-such-type").statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidInputIsRefusedListingEveryViolationAndAnUnknownTypeIsNotFound() {
        int before = tasks();

        var refused =
                post(
                        "/v1/tasks/renewal-risk",
                        "{\"subjectId\":\"acme\",\"input\":{\"plan\":\"gold\",\"seats\":0}}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(
                        body(refused)
                                .path("errors")
                                .valueStream()
                                .map(e -> e.path("pointer").asString()))
                .containsExactlyInAnyOrder("/input/account", "/input/plan", "/input/seats");
        var unknown = post("/v1/tasks/renewal-risks", "{\"subjectId\":\"acme\",\"input\":{}}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).path("knownTypes").valueStream().map(JsonNode::asString))
                .contains("renewal-risk");
        assertThat(tasks()).isEqualTo(before);
    }

    @Test
    void aTypeDefinedOnlyInYamlEscalatesOnItsNamedRuleAndIsInTheLedgerWithItsVersion() {
        simulatorFaults("gpt-5.4-nano", "renewal-risk", Map.of("wrong", 1.0));

        JsonNode task =
                body(
                        post(
                                "/v1/tasks/renewal-risk",
                                """
                                {"subjectId":"acct-%s","input":{"account":"Acme Logistics","plan":"enterprise","seats":120,
                                 "notes":"Their champion left in March; usage is down 40%%."}}\
                                """
                                        .formatted(UUID.randomUUID())));

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("typeVersion").asInt()).isEqualTo(currentVersion("renewal-risk"));
        JsonNode first = task.path("attempts").get(0);
        assertThat(first.path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(first.path("outcome").asString()).isEqualTo("rule_failed");
        JsonNode violation = first.path("detail").path("violations").get(0);
        assertThat(violation.path("rule").asString()).isEqualTo("plan_as_given");
        assertThat(violation.path("pointer").asString()).isEqualTo("/plan");
        assertThat(violation.path("value").asString()).isNotEqualTo("enterprise");
        assertThat(first.path("detail").path("next").asString()).isEqualTo("next_rung");
        assertThat(task.path("attempts").get(1).path("outcome").asString()).isEqualTo("pass");
        assertThat(task.path("result").path("plan").asString()).isEqualTo("enterprise");

        Map<String, Object> row =
                jdbc.sql(
                                """
                                select t.type, t.task_type_version, t.input->>'plan' as plan, a.outcome,
                                       a.detail->'violations'->0->>'rule' as rule, a.prompt_version
                                  from task t join attempt a on a.task_id = t.id where t.id = ?::uuid and a.seq = 1\
                                """)
                        .param(task.path("taskId").asString())
                        .query()
                        .singleRow();
        assertThat(row)
                .containsEntry("type", "renewal-risk")
                .containsEntry("task_type_version", currentVersion("renewal-risk"))
                .containsEntry("plan", "enterprise")
                .containsEntry("outcome", "rule_failed")
                .containsEntry("rule", "plan_as_given")
                .containsEntry("prompt_version", "renewal-v1");
        // Analysts see which rule broke and where, not the answer's value nor the input it was held
        // to.
        JsonNode analystView =
                json.readTree(
                        jdbc.sql(
                                        "select detail::text from attempts where task_id = ?::uuid"
                                                + " and seq = 1")
                                .param(task.path("taskId").asString())
                                .query(String.class)
                                .single());
        assertThat(analystView.path("violations").get(0).properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("rule", "pointer");
        assertThat(documentedRuleQuery())
                .anySatisfy(
                        r -> {
                            assertThat(r)
                                    .containsEntry("type", "renewal-risk")
                                    .containsEntry("rule", "plan_as_given");
                            assertThat((Long) r.get("attempts")).isPositive();
                        });
    }

    /** The query of docs/analytics.md that counts rule failures by rule. */
    private List<Map<String, Object>> documentedRuleQuery() {
        try {
            var block =
                    java.util.regex.Pattern.compile(
                                    "```sql\\n(select t.type, v->>'rule'.*?)```",
                                    java.util.regex.Pattern.DOTALL)
                            .matcher(
                                    java.nio.file.Files.readString(
                                            java.nio.file.Path.of("docs/analytics.md")));
            assertThat(block.find()).isTrue();
            return jdbc.sql(block.group(1).strip().replaceAll(";$", "")).query().listOfRows();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aWebhookSourceMapsItsDeliveryToTheTypesInput() {
        String account = "acc_" + UUID.randomUUID().toString().substring(0, 8);
        String body =
                """
                {"type":"subscription.renewing","data":{"account_id":"%s","account_name":"Initech",
                 "subscription":{"plan":"pro","quantity":"42"}}}\
                """
                        .formatted(account);
        String id = "msg_" + UUID.randomUUID();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature =
                "v1,"
                        + sign(
                                Base64.getDecoder().decode(BILLING_SECRET),
                                id + "." + timestamp + "." + body);

        var response =
                post(
                        "/v1/webhooks/billing",
                        body,
                        Map.of(
                                "webhook-id",
                                id,
                                "webhook-timestamp",
                                timestamp,
                                "webhook-signature",
                                signature));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String taskId = body(response).path("taskId").asString();
        JsonNode task =
                await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> body(get("/v1/tasks/" + taskId)),
                                read -> read.path("status").asString().equals("succeeded"));
        assertThat(task.path("type").asString()).isEqualTo("renewal-risk");
        Map<String, Object> row =
                jdbc.sql("select subject_id, input::text from task where id = ?::uuid")
                        .param(taskId)
                        .query()
                        .singleRow();
        assertThat(row.get("subject_id")).isEqualTo("billing:" + account);
        assertThat(json.readTree((String) row.get("input")))
                .isEqualTo(
                        json.readTree(
                                """
                                {"account":"Initech","plan":"pro","seats":42,"notes":"No notes."}\
                                """));
    }

    @Test
    void anExperimentOnTheTypeBreaksRuleFailuresDownByRule() {
        simulatorFaults("gpt-5.4-nano", "renewal-risk", Map.of("wrong", 1.0));
        String experiment = startExperiment("renewal-risk");
        String batch = UUID.randomUUID().toString().substring(0, 8);

        for (int i = 0; i < 40; i++) {
            JsonNode task =
                    body(
                            post(
                                    "/v1/tasks/renewal-risk",
                                    """
                                    {"subjectId":"%s-%d","input":{"account":"Account %d","plan":"pro"}}\
                                    """
                                            .formatted(batch, i, i)));
            assertThat(task.path("status").asString()).isEqualTo("succeeded");
        }

        JsonNode readout = body(get("/v1/experiments/" + experiment + "/readout"));
        assertThat(readout.path("experiment").path("taskTypeVersion").asInt())
                .isEqualTo(currentVersion("renewal-risk"));
        JsonNode control = arm(readout, "control");
        JsonNode treatment = arm(readout, "treatment");
        assertThat(treatment.path("tasks").asLong()).isPositive();
        assertThat(treatment.path("ruleFailures").path("plan_as_given").asLong())
                .isEqualTo(treatment.path("tasks").asLong());
        assertThat(treatment.path("escalationRate").asDouble()).isEqualTo(1.0);
        assertThat(control.path("ruleFailures").isEmpty()).isTrue();
        assertThat(
                        readout.path("days")
                                .get(0)
                                .path("arms")
                                .valueStream()
                                .filter(a -> a.path("arm").asString().equals("treatment"))
                                .findFirst()
                                .orElseThrow()
                                .path("ruleFailures")
                                .path("plan_as_given")
                                .asLong())
                .isEqualTo(treatment.path("tasks").asLong());
    }

    @Test
    void aTypeCreatedOverRestRunsAndEveryChangeIsANewVersionThatAnExperimentRefuses() {
        String slug = "ticket-sentiment-" + UUID.randomUUID().toString().substring(0, 6);
        String definition = sentiment(slug, "sentiment-v1", 200);

        var created = post("/v1/task-types", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/task-types/" + slug);
        assertThat(body(created).path("version").asInt()).isEqualTo(1);
        assertThat(body(created).path("createdBy").asString())
                .isEqualTo("api-key:local development");
        var same = post("/v1/task-types", definition);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(body(same).path("version").asInt()).isEqualTo(1);

        JsonNode first =
                body(
                        post(
                                "/v1/tasks/" + slug,
                                "{\"subjectId\":\"t-1\",\"input\":{\"text\":\"Thanks, that fixed"
                                        + " it!\"}}"));
        assertThat(first.path("status").asString()).isEqualTo("succeeded");
        assertThat(first.path("typeVersion").asInt()).isEqualTo(1);
        assertThat(List.of("positive", "neutral", "negative"))
                .contains(first.path("result").path("sentiment").asString());

        String experiment = startExperiment(slug);
        assertThat(body(get("/v1/experiments/" + experiment)).path("taskTypeVersion").asInt())
                .isEqualTo(1);

        var changed = post("/v1/task-types", sentiment(slug, "sentiment-v2", 150));
        assertThat(changed.statusCode()).isEqualTo(201);
        assertThat(body(changed).path("version").asInt()).isEqualTo(2);
        assertThat(body(changed).path("versions").valueStream().map(v -> v.path("version").asInt()))
                .containsExactly(2, 1);
        assertThat(
                        body(get("/v1/task-types/" + slug + "/versions/1"))
                                .path("definition")
                                .path("prompt")
                                .path("version")
                                .asString())
                .isEqualTo("sentiment-v1");

        JsonNode second =
                body(
                        post(
                                "/v1/tasks/" + slug,
                                "{\"subjectId\":\"t-2\",\"input\":{\"text\":\"Still broken.\"}}"));
        assertThat(second.path("typeVersion").asInt()).isEqualTo(2);
        assertThat(second.path("route").path("experiment").isNull()).isTrue();
        JsonNode paused = body(get("/v1/experiments/" + experiment));
        assertThat(paused.path("status").asString()).isEqualTo("paused");
        assertThat(paused.path("events").valueStream().map(e -> e.path("reason").asString()))
                .anyMatch(reason -> reason.contains("task type changed"));
        var resume = post("/v1/experiments/" + experiment + "/resume", "{}");
        assertThat(resume.statusCode()).isEqualTo(409);
        assertThat(body(resume).path("type").asString())
                .isEqualTo("https://rung.dev/problems/task-type-changed");
    }

    @Test
    void anInvalidDefinitionIsRefusedWithEveryProblemAndNothingIsStored() {
        String slug = "broken-" + UUID.randomUUID().toString().substring(0, 6);
        String broken =
                sentiment(slug, "v1", 200)
                        .replace(
                                "\"text\": {\"type\": \"string\", \"minLength\": 1}",
                                "\"text\": {\"type\": \"string\", \"minLength\": 1}, \"lang\":"
                                        + " {\"type\": \"string\"}")
                        .replace(
                                "\"summary\": {\"type\": \"string\"}",
                                "\"summary\": {\"type\": \"string\", \"maxLength\": 80}");

        var refused = post("/v1/task-types", broken);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = body(refused);
        assertThat(problem.path("type").asString())
                .isEqualTo("https://rung.dev/problems/invalid-task-type");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("pointer").asString()))
                .contains("/outputSchema/properties/summary/maxLength");
        assertThat(get("/v1/task-types/" + slug).statusCode()).isEqualTo(404);
        assertThat(post("/v1/task-types", "[]").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyAKeyWithTheTaskTypesScopeMayChangeThem() {
        JsonNode reader =
                body(
                        post(
                                "/v1/api-keys",
                                "{\"name\":\"task-type-reader\",\"scopes\":[\"tasks:read\"]}"));
        var request =
                java.net.http.HttpRequest.newBuilder(uri("/v1/task-types"))
                        .header("X-API-Key", reader.path("key").asString());

        assertThat(send(request.GET().build()).statusCode()).isEqualTo(200);
        assertThat(
                        send(request.header("Content-Type", "application/json")
                                        .POST(
                                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                                        sentiment("x-y", "v1", 100)))
                                        .build())
                                .statusCode())
                .isEqualTo(403);
    }

    private static String sentiment(String slug, String promptVersion, int maxTokens) {
        return """
        {"slug": "%s", "description": "The sentiment of a support reply, with a one-line summary.",
         "inputSchema": {"type": "object", "additionalProperties": false, "required": ["text"],
                         "properties": {"text": {"type": "string", "minLength": 1}}},
         "outputSchema": {"type": "object", "additionalProperties": false,
                          "required": ["sentiment", "summary", "confidence"],
                          "properties": {"sentiment": {"type": "string", "enum": ["positive", "neutral", "negative"]},
                                         "summary": {"type": "string"},
                                         "confidence": {"type": "number", "minimum": 0, "maximum": 1}}},
         "rules": [{"name": "summary_short", "schema": {"properties": {"summary": {"maxLength": 120}}}}],
         "confidence": {"field": "confidence", "thresholds": {"A": 0.8, "B": 0.6}},
         "prompt": {"version": "%s", "instructions": "Rate the sentiment of the customer's reply."},
         "maxOutputTokens": %d}\
        """
                .formatted(slug, promptVersion, maxTokens);
    }

    private String startExperiment(String taskType) {
        var created =
                post(
                        "/v1/experiments",
                        """
                        {"name":"%s","taskType":"%s","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                        """
                                .formatted(taskType, taskType));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = body(created).path("id").asString();
        experiments.add(id);
        assertThat(post("/v1/experiments/" + id + "/start", "{}").statusCode()).isEqualTo(200);
        return id;
    }

    private static JsonNode arm(JsonNode readout, String arm) {
        return readout.path("arms")
                .valueStream()
                .filter(a -> a.path("arm").asString().equals(arm))
                .findFirst()
                .orElseThrow();
    }

    private int currentVersion(String slug) {
        return body(get("/v1/task-types/" + slug)).path("version").asInt();
    }

    private int tasks() {
        return jdbc.sql("select count(*) from task").query(Integer.class).single();
    }

    private static String sign(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
