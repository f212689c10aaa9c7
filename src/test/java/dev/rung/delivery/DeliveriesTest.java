package dev.rung.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.rung.support.ServiceClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Results back where people work, against stubs of HubSpot's and Zendesk's APIs serving their
 * documented JSON: a lead's label PATCHed onto its contact, a ticket's tags PUT onto it, retries
 * that write nothing twice, a delivery refused for good, an outage that loses nothing, signed
 * callbacks, and a rep's change coming back as ground truth.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class DeliveriesTest extends ServiceClient {

    static final int RUNG_PORT = freePort();
    static final int CRM_PORT = freePort();
    static final WireMockServer CRM = new WireMockServer(options().port(CRM_PORT));
    static final String HUBSPOT_SECRET = "hs-client-secret-7f3a9c";
    static final String ZENDESK_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
    static final String CALLBACK_SECRET = "whsec_cnVuZy1jYWxsYmFjay1zZWNyZXQtZm9yLXRlc3Rz";
    static final String CRM_CALLBACK_SECRET = "whsec_Y3JtLXNvdXJjZS1jYWxsYmFjay1zZWNyZXQ=";
    static final String CRM_WEBHOOK_SECRET = "cnVuZy1zdGFuZGFyZC13ZWJob29rcy10ZXN0LWtleS0zMmI=";

    static {
        CRM.start();
    }

    @DynamicPropertySource
    static void crm(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> RUNG_PORT);
        registry.add("rung.deliveries.hubspot.base-url", CRM::baseUrl);
        registry.add("rung.deliveries.hubspot.token", () -> "pat-na1-test-token");
        registry.add("rung.deliveries.hubspot.own-app-id", () -> "999999");
        registry.add("rung.deliveries.zendesk.base-url", CRM::baseUrl);
        registry.add("rung.deliveries.zendesk.email", () -> "rung@example.com");
        registry.add("rung.deliveries.zendesk.token", () -> "zd-test-token");
        registry.add("rung.deliveries.zendesk.own-user-id", () -> "5246746");
        registry.add("rung.deliveries.callbacks.secret", () -> CALLBACK_SECRET);
        registry.add("rung.deliveries.callbacks.allowed-hosts", () -> "127.0.0.1,localhost");
        registry.add(
                "rung.deliveries.sources.crm.callback.url", () -> CRM.baseUrl() + "/crm-results");
        registry.add("rung.deliveries.sources.crm.callback.secret", () -> CRM_CALLBACK_SECRET);
        registry.add("rung.deliveries.backoff", () -> "50ms");
        registry.add("rung.deliveries.max-backoff", () -> "300ms");
        registry.add("rung.deliveries.poll-interval", () -> "50ms");
    }

    @AfterAll
    static void stopCrm() {
        CRM.stop();
    }

    @BeforeEach
    void perfectModelsAndAFreshCrm() {
        simulatorFaults(Map.of());
        CRM.resetAll();
    }

    @Test
    void aHubSpotLeadEndsInAPatchOfItsContactsProperties() {
        String contact = contactId();
        CRM.stubFor(
                patch(urlEqualTo("/crm/v3/objects/contacts/" + contact))
                        .willReturn(json(200, "hubspot-update-contact-200.json")));

        String taskId = hubspotLead(contact);

        LoggedRequest written =
                awaitRequests(
                                patchRequestedFor(
                                        urlEqualTo("/crm/v3/objects/contacts/" + contact)),
                                1)
                        .getFirst();
        assertThat(written.getHeader("Authorization")).isEqualTo("Bearer pat-na1-test-token");
        JsonNode body = json.readTree(written.getBodyAsString());
        assertThat(body.path("properties").path("rung_lead_label").asString())
                .isEqualTo("sales-ready");
        assertThat(body.path("properties").path("rung_lead_reason").asString()).contains("pricing");
        JsonNode delivery = awaitDelivery(taskId, "delivered");
        assertThat(delivery.path("kind").asString()).isEqualTo("hubspot");
        assertThat(delivery.path("target").asString()).isEqualTo("contacts/" + contact);
        assertThat(delivery.path("history").get(0).path("httpStatus").asInt()).isEqualTo(200);
        assertThat(delivery.path("written").path("rung_lead_label").asString())
                .isEqualTo("sales-ready");
    }

    @Test
    void aBulkJobWritesEachResultBackToTheRecordItsLineNames() {
        String first = contactId();
        String second = contactId();
        for (String contact : List.of(first, second)) {
            CRM.stubFor(
                    patch(urlEqualTo("/crm/v3/objects/contacts/" + contact))
                            .willReturn(json(200, "hubspot-update-contact-200.json")));
        }
        String leads =
                """
                {"subjectId":"bulk-%s","recordId":"%s","lead":{"email":"ana@acme.io","company":"Acme","message":"Pricing for 40 seats?"}}
                {"subjectId":"bulk-%s","recordId":%s,"lead":{"email":"bo@firm.io","company":"Firm","message":"Pricing for 90 seats?"}}
                """
                        .formatted(first, first, second, second);

        var started =
                send(
                        java.net.http.HttpRequest.newBuilder(
                                        uri("/v1/jobs/lead-classification?writeBack=hubspot"))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(leads))
                                .build());

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(body(started).path("writeBack").asString()).isEqualTo("hubspot");
        for (String contact : List.of(first, second)) {
            JsonNode written =
                    json.readTree(
                            awaitRequests(
                                            patchRequestedFor(
                                                    urlEqualTo(
                                                            "/crm/v3/objects/contacts/" + contact)),
                                            1)
                                    .getFirst()
                                    .getBodyAsString());
            assertThat(written.path("properties").path("rung_lead_label").asString())
                    .as("the line's answer, written to the record it names")
                    .isNotEmpty();
        }
        var refused =
                send(
                        java.net.http.HttpRequest.newBuilder(
                                        uri("/v1/jobs/lead-classification?writeBack=salesforce"))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(leads))
                                .build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).path("errors").get(0).path("field").asString())
                .isEqualTo("writeBack");
    }

    @Test
    void aZendeskTicketEndsInItsTagsAndPriority() {
        String ticket = String.valueOf(100_000 + (int) (Math.random() * 800_000));
        CRM.stubFor(
                WireMock.put(urlEqualTo("/api/v2/tickets/" + ticket))
                        .willReturn(json(200, "zendesk-update-ticket-200.json")));

        String taskId = zendeskTicket(ticket);

        LoggedRequest written =
                awaitRequests(putRequestedFor(urlEqualTo("/api/v2/tickets/" + ticket)), 1)
                        .getFirst();
        assertThat(written.getHeader("Authorization"))
                .isEqualTo(
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                "rung@example.com/token:zd-test-token"
                                                        .getBytes(StandardCharsets.UTF_8)));
        JsonNode body = json.readTree(written.getBodyAsString());
        assertThat(
                        body.path("ticket")
                                .path("additional_tags")
                                .valueStream()
                                .map(JsonNode::asString))
                .containsExactly("billing");
        String priority =
                body(get("/v1/tasks/" + taskId)).path("result").path("priority").asString();
        assertThat(body.path("ticket").path("priority").asString())
                .isEqualTo(priority)
                .isNotBlank();
        assertThat(awaitDelivery(taskId, "delivered").path("kind").asString()).isEqualTo("zendesk");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedWithBackoffAndNothingIsWrittenTwice() {
        String contact = contactId();
        String url = "/crm/v3/objects/contacts/" + contact;
        CRM.stubFor(
                patch(urlEqualTo(url))
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(
                                json(429, "hubspot-429-rate-limit.json")
                                        .withHeader("Retry-After", "1"))
                        .willSetStateTo("limited"));
        CRM.stubFor(
                patch(urlEqualTo(url))
                        .inScenario("flaky")
                        .whenScenarioStateIs("limited")
                        .willReturn(aResponse().withStatus(503))
                        .willSetStateTo("recovered"));
        CRM.stubFor(
                patch(urlEqualTo(url))
                        .inScenario("flaky")
                        .whenScenarioStateIs("recovered")
                        .willReturn(json(200, "hubspot-update-contact-200.json")));

        String taskId = hubspotLead(contact);

        JsonNode delivery = awaitDelivery(taskId, "delivered");
        assertThat(delivery.path("history").valueStream().map(a -> a.path("httpStatus").asInt()))
                .containsExactly(429, 503, 200);
        List<JsonNode> history = delivery.path("history").valueStream().toList();
        assertThat(
                        Duration.between(
                                Instant.parse(history.get(0).path("at").asString()),
                                Instant.parse(history.get(1).path("at").asString())))
                .as("Retry-After: 1 is honoured")
                .isGreaterThan(Duration.ofMillis(900));
        assertThat(CRM.findAll(patchRequestedFor(urlEqualTo(url)))).hasSize(3);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> CRM.findAll(patchRequestedFor(urlEqualTo(url))).size() == 3);
    }

    @Test
    void aRecordThatDoesNotExistIsDeadAtOnceAndAnOperatorCanRetryIt() {
        String contact = contactId();
        String url = "/crm/v3/objects/contacts/" + contact;
        CRM.stubFor(patch(urlEqualTo(url)).willReturn(json(404, "hubspot-404-not-found.json")));

        String taskId = hubspotLead(contact);

        JsonNode dead = awaitDelivery(taskId, "dead");
        assertThat(dead.path("attempts").asInt()).isEqualTo(1);
        assertThat(dead.path("lastStatus").asInt()).isEqualTo(404);
        assertThat(dead.path("lastError").asString()).contains("resource not found");
        assertThat(get("/actuator/prometheus").body())
                .contains("rung_deliveries_total{kind=\"hubspot\",outcome=\"dead\"}");

        CRM.stubFor(
                patch(urlEqualTo(url)).willReturn(json(200, "hubspot-update-contact-200.json")));
        var retried = post("/v1/deliveries/" + dead.path("id").asString() + "/retry", null);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(awaitDelivery(taskId, "delivered").path("attempts").asInt()).isEqualTo(2);
        assertThat(
                        post("/v1/deliveries/" + dead.path("id").asString() + "/retry", null)
                                .statusCode())
                .isEqualTo(409);
    }

    @Test
    void aDeliveryStillFailingWhenItExpiresIsDead() {
        String contact = contactId();
        CRM.stubFor(
                patch(urlEqualTo("/crm/v3/objects/contacts/" + contact))
                        .willReturn(aResponse().withStatus(503)));
        String taskId = hubspotLead(contact);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                body(get("/v1/tasks/" + taskId + "/deliveries"))
                                                .get(0)
                                                .path("attempts")
                                                .asInt()
                                        >= 1);

        jdbc.sql("update delivery set expires_at = now() where task_id = ?::uuid")
                .param(taskId)
                .update();

        JsonNode dead = awaitDelivery(taskId, "dead");
        assertThat(dead.path("lastStatus").asInt()).isEqualTo(503);
        assertThat(dead.path("lastError").asString()).startsWith("gave up after");
    }

    @Test
    void anOutageOfTheCrmLosesNoWriteBack() throws Exception {
        String contact = contactId();
        String url = "/crm/v3/objects/contacts/" + contact;
        CRM.stubFor(
                patch(urlEqualTo(url))
                        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        String taskId = hubspotLead(contact);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                body(get("/v1/tasks/" + taskId + "/deliveries"))
                                                .get(0)
                                                .path("attempts")
                                                .asInt()
                                        >= 3);
        CRM.stubFor(
                patch(urlEqualTo(url)).willReturn(json(200, "hubspot-update-contact-200.json")));

        JsonNode delivered = awaitDelivery(taskId, "delivered");
        assertThat(delivered.path("history").get(0).path("httpStatus").isNull()).isTrue();
        assertThat(delivered.path("history").get(0).path("error").asString()).isNotBlank();
    }

    @Test
    void aCallbackIsSignedAsStandardWebhooksAndKeepsItsIdOnEveryRetry() {
        CRM.stubFor(
                WireMock.post(urlEqualTo("/rung-results"))
                        .inScenario("receiver")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(500))
                        .willSetStateTo("up"));
        CRM.stubFor(
                WireMock.post(urlEqualTo("/rung-results"))
                        .inScenario("receiver")
                        .whenScenarioStateIs("up")
                        .willReturn(aResponse().withStatus(204)));

        var accepted =
                post(
                        "/v1/tasks/ticket-tagging?mode=async",
                        """
                        {"subjectId":"cb-%s","input":{"subject":"Export","body":"How do I export my data to CSV?"}}\
                        """
                                .formatted(UUID.randomUUID()),
                        Map.of("Rung-Callback-Url", CRM.baseUrl() + "/rung-results"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String taskId = body(accepted).path("taskId").asString();
        List<LoggedRequest> calls = awaitRequests(postRequestedFor(urlEqualTo("/rung-results")), 2);
        for (LoggedRequest call : calls) {
            String id = call.getHeader("webhook-id");
            String timestamp = call.getHeader("webhook-timestamp");
            String expected =
                    "v1,"
                            + hmac(
                                    Base64.getDecoder()
                                            .decode(CALLBACK_SECRET.substring("whsec_".length())),
                                    id + "." + timestamp + "." + call.getBodyAsString());
            assertThat(call.getHeader("webhook-signature")).isEqualTo(expected);
            assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)))
                    .isLessThan(60);
        }
        assertThat(calls.get(0).getHeader("webhook-id"))
                .isEqualTo(calls.get(1).getHeader("webhook-id"));
        assertThat(calls.get(0).getBodyAsString()).isEqualTo(calls.get(1).getBodyAsString());
        JsonNode payload = json.readTree(calls.get(1).getBodyAsString());
        assertThat(payload.path("type").asString()).isEqualTo("task.finished");
        assertThat(payload.path("data").path("taskId").asString()).isEqualTo(taskId);
        assertThat(payload.path("data").path("result").path("tags").get(0).asString())
                .isEqualTo("how-to");
        assertThat(awaitDelivery(taskId, "delivered").path("id").asString())
                .isEqualTo(calls.get(0).getHeader("webhook-id"));
    }

    @Test
    void aWebhookSourcesTasksAreCalledBackToItsConfiguredUrlUnderItsOwnSecret() {
        CRM.stubFor(
                WireMock.post(urlEqualTo("/crm-results")).willReturn(aResponse().withStatus(200)));
        String subject = "crm-" + UUID.randomUUID();
        String body =
                """
                {"type":"lead.created","data":{"subjectId":"%s","lead":{"email":"a@b.example","message":"Quote please"}}}\
                """
                        .formatted(subject);
        String id = "msg_" + UUID.randomUUID();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        var accepted =
                post(
                        "/v1/webhooks/crm",
                        body,
                        Map.of(
                                "webhook-id",
                                id,
                                "webhook-timestamp",
                                timestamp,
                                "webhook-signature",
                                "v1,"
                                        + hmac(
                                                Base64.getDecoder().decode(CRM_WEBHOOK_SECRET),
                                                id + "." + timestamp + "." + body)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        LoggedRequest call =
                awaitRequests(postRequestedFor(urlEqualTo("/crm-results")), 1).getFirst();

        String expected =
                "v1,"
                        + hmac(
                                Base64.getDecoder()
                                        .decode(CRM_CALLBACK_SECRET.substring("whsec_".length())),
                                call.getHeader("webhook-id")
                                        + "."
                                        + call.getHeader("webhook-timestamp")
                                        + "."
                                        + call.getBodyAsString());
        assertThat(call.getHeader("webhook-signature")).isEqualTo(expected);
        assertThat(json.readTree(call.getBodyAsString()).path("data").path("subjectId").asString())
                .isEqualTo(subject);
    }

    @Test
    void aCallbackUrlMustBeAllowedAndOnlyForAsyncTasks() {
        String body = "{\"subjectId\":\"cb-x\",\"input\":{\"subject\":\"s\",\"body\":\"b\"}}";
        var sync =
                post(
                        "/v1/tasks/ticket-tagging",
                        body,
                        Map.of("Rung-Callback-Url", CRM.baseUrl() + "/x"));
        var elsewhere =
                post(
                        "/v1/tasks/ticket-tagging?mode=async",
                        body,
                        Map.of("Rung-Callback-Url", "https://evil.example/x"));

        assertThat(List.of(sync, elsewhere))
                .allSatisfy(
                        refused -> {
                            assertThat(refused.statusCode()).isEqualTo(400);
                            assertThat(body(refused).path("errors").get(0).path("field").asString())
                                    .isEqualTo("Rung-Callback-Url");
                        });
    }

    @Test
    void aRepsChangeToTheWrittenLabelBecomesGroundTruthInTheReadoutButRungsOwnWriteDoesNot()
            throws IOException {
        String experiment = startExperiment();
        String contact = "1246978";
        CRM.stubFor(
                patch(urlEqualTo("/crm/v3/objects/contacts/" + contact))
                        .willReturn(json(200, "hubspot-update-contact-200.json")));
        String taskId = hubspotLead(contact);
        awaitDelivery(taskId, "delivered");

        String echo =
                fixture("hubspot-property-change-events.json")
                        .replace("\"nurture\"", "\"sales-ready\"")
                        .replace("\"CRM_UI\"", "\"INTEGRATION\"")
                        .replace("\"userId:45678\"", "\"999999\"");
        assertThat(body(hubspotChanges(echo)).path("corrections").asInt()).isZero();
        assertThat(
                        body(hubspotChanges(fixture("hubspot-property-change-events.json")))
                                .path("corrections")
                                .asInt())
                .isEqualTo(1);

        Map<String, Object> feedback =
                jdbc.sql(
                                "select correct::text, reviewer, source from feedback where task_id"
                                        + " = ?::uuid")
                        .param(taskId)
                        .query()
                        .singleRow();
        assertThat(json.readTree((String) feedback.get("correct")))
                .isEqualTo(json.readTree("{\"label\":\"nurture\"}"));
        assertThat(feedback)
                .containsEntry("reviewer", "hubspot:userId:45678")
                .containsEntry("source", "hubspot");
        JsonNode arm =
                body(get("/v1/experiments/" + experiment + "/readout"))
                        .path("arms")
                        .valueStream()
                        .filter(a -> a.path("accuracy").path("reviewed").asLong() > 0)
                        .findFirst()
                        .orElseThrow();
        assertThat(arm.path("accuracy").path("reviewed").asLong()).isEqualTo(1);
        assertThat(arm.path("accuracy").path("correct").asLong()).isZero();
        assertThat(arm.path("accuracyByRung").properties()).hasSize(1);
        post("/v1/experiments/" + experiment + "/stop", "{}");
    }

    @Test
    void anAgentsRetaggingOfATicketBecomesGroundTruth() throws IOException {
        String ticket = "4711";
        CRM.stubFor(
                WireMock.put(urlEqualTo("/api/v2/tickets/" + ticket))
                        .willReturn(json(200, "zendesk-update-ticket-200.json")));
        String taskId = zendeskTicket(ticket);
        awaitDelivery(taskId, "delivered");

        String ownChange =
                fixture("zendesk-tags-changed-event.json")
                        .replace(
                                "\"8447388090494\",\n    \"assignee_id\"",
                                "\"5246746\",\n    \"assignee_id\"");
        assertThat(body(zendeskChanges(ownChange)).path("corrections").asInt()).isZero();
        assertThat(
                        body(zendeskChanges(fixture("zendesk-tags-changed-event.json")))
                                .path("corrections")
                                .asInt())
                .isEqualTo(1);

        Map<String, Object> feedback =
                jdbc.sql(
                                "select correct::text, reviewer, source from feedback where task_id"
                                        + " = ?::uuid")
                        .param(taskId)
                        .query()
                        .singleRow();
        // The agent left the ticket at bug (vip is no tag of the type) and high, where Rung had
        // written billing and normal.
        assertThat(json.readTree((String) feedback.get("correct")))
                .isEqualTo(json.readTree("{\"tags\":[\"bug\"],\"priority\":\"high\"}"));
        assertThat(feedback)
                .containsEntry("reviewer", "zendesk:user:8447388090494")
                .containsEntry("source", "zendesk");
    }

    private String hubspotLead(String contact) {
        String body =
                """
                {"id":"%s","properties":{"email":"dana.ortiz@northwind-logistics.com","firstname":"Dana","lastname":"Ortiz",
                "company":"Northwind Logistics","jobtitle":"VP Operations","numemployees":"1200","industry":"Logistics",
                "country":"US","message":"We run 40 warehouses and want pricing for the enterprise plan this quarter."},
                "archived":false,"nonce":"%s"}\
                """
                        .formatted(contact, UUID.randomUUID());
        String timestamp = String.valueOf(Instant.now().toEpochMilli());
        String signature =
                hmac(
                        HUBSPOT_SECRET.getBytes(StandardCharsets.UTF_8),
                        "POST" + "https://rung.example.com/v1/webhooks/hubspot" + body + timestamp);
        var response =
                post(
                        "/v1/webhooks/hubspot",
                        body,
                        Map.of(
                                "X-HubSpot-Signature-v3",
                                signature,
                                "X-HubSpot-Request-Timestamp",
                                timestamp));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return body(response).path("taskId").asString();
    }

    private String zendeskTicket(String ticket) {
        String id =
                "01H"
                        + UUID.randomUUID()
                                .toString()
                                .replace("-", "")
                                .substring(0, 20)
                                .toUpperCase();
        String body =
                """
                {"type":"zen:event-type:ticket.created","account_id":22222,"id":"%s","time":"2026-11-24T10:15:00Z",
                 "detail":{"id":"%s","subject":"Charged twice this month","description":"My card was charged twice, please refund.",
                 "via":{"channel":"email"}},"event":{}}\
                """
                        .formatted(id, ticket);
        var response = zendesk("/v1/webhooks/zendesk", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return body(response).path("taskId").asString();
    }

    private java.net.http.HttpResponse<String> hubspotChanges(String body) {
        String timestamp = String.valueOf(Instant.now().toEpochMilli());
        String signature =
                hmac(
                        HUBSPOT_SECRET.getBytes(StandardCharsets.UTF_8),
                        "POST"
                                + "https://rung.example.com/v1/webhooks/hubspot/changes"
                                + body
                                + timestamp);
        var response =
                post(
                        "/v1/webhooks/hubspot/changes",
                        body,
                        Map.of(
                                "X-HubSpot-Signature-v3",
                                signature,
                                "X-HubSpot-Request-Timestamp",
                                timestamp));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private java.net.http.HttpResponse<String> zendeskChanges(String body) {
        var response = zendesk("/v1/webhooks/zendesk/changes", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private java.net.http.HttpResponse<String> zendesk(String path, String body) {
        String timestamp = Instant.now().toString();
        return post(
                path,
                body,
                Map.of(
                        "X-Zendesk-Webhook-Signature",
                        hmac(ZENDESK_SECRET.getBytes(StandardCharsets.UTF_8), timestamp + body),
                        "X-Zendesk-Webhook-Signature-Timestamp",
                        timestamp));
    }

    private String startExperiment() {
        var created =
                post(
                        "/v1/experiments",
                        """
                        {"name":"write-back truth","taskType":"lead-classification","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                        """);
        String id = body(created).path("id").asString();
        assertThat(post("/v1/experiments/" + id + "/start", "{}").statusCode()).isEqualTo(200);
        return id;
    }

    private JsonNode awaitDelivery(String taskId, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> body(get("/v1/tasks/" + taskId + "/deliveries")),
                        deliveries ->
                                deliveries.size() == 1
                                        && deliveries
                                                .get(0)
                                                .path("status")
                                                .asString()
                                                .equals(status))
                .get(0);
    }

    private static List<LoggedRequest> awaitRequests(
            com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> CRM.findAll(pattern), requests -> requests.size() >= count);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
            int status, String fixture) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture(fixture));
    }

    private static String fixture(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/crm-wire", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contactId() {
        return String.valueOf(2_000_000 + (long) (Math.random() * 9_000_000));
    }

    private static String hmac(byte[] key, String text) {
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
