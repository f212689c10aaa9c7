package dev.rung.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Deliveries signed as each sender documents it, sent over HTTP now. */
class WebhooksTest extends IntegrationTest {

    static final String HUBSPOT_SECRET = "hs-client-secret-7f3a9c";
    static final String ZENDESK_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
    static final String CRM_SECRET = "cnVuZy1zdGFuZGFyZC13ZWJob29rcy10ZXN0LWtleS0zMmI=";

    @org.junit.jupiter.api.BeforeEach
    void perfectModels() {
        simulatorFaults(Map.of());
    }

    @org.junit.jupiter.api.AfterEach
    void configuredModels() {
        resetSimulator();
    }

    @Test
    void aSignedHubSpotContactIsAcceptedAtOnceAndClassifiedByAWorker() throws Exception {
        String body = hubspotContact(UUID.randomUUID().toString());
        String timestamp = String.valueOf(Instant.now().toEpochMilli());
        String signature =
                sign(
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

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("/v1/tasks/"));
        JsonNode task = awaitFinished(body(response).path("taskId").asString());
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("result").path("label").asString()).isEqualTo("sales-ready");
    }

    @Test
    void forgedOrStaleDeliveriesAreRefusedAndStoreNothing() {
        String body = hubspotContact("forged-" + UUID.randomUUID());
        String now = String.valueOf(Instant.now().toEpochMilli());
        String stale = String.valueOf(Instant.now().minusSeconds(301).toEpochMilli());
        int before = count("select count(*) from task");

        var forged =
                post(
                        "/v1/webhooks/hubspot",
                        body,
                        Map.of(
                                "X-HubSpot-Signature-v3",
                                sign(
                                        "not-the-secret".getBytes(StandardCharsets.UTF_8),
                                        "POST"
                                                + "https://rung.example.com/v1/webhooks/hubspot"
                                                + body
                                                + now),
                                "X-HubSpot-Request-Timestamp",
                                now));
        var late =
                post(
                        "/v1/webhooks/hubspot",
                        body,
                        Map.of(
                                "X-HubSpot-Signature-v3",
                                sign(
                                        HUBSPOT_SECRET.getBytes(StandardCharsets.UTF_8),
                                        "POST"
                                                + "https://rung.example.com/v1/webhooks/hubspot"
                                                + body
                                                + stale),
                                "X-HubSpot-Request-Timestamp",
                                stale));
        var unsigned = post("/v1/webhooks/zendesk", "{}", Map.of());
        var unknownSource = post("/v1/webhooks/nobody", "{}", Map.of());

        for (HttpResponse<String> refused : List.of(forged, late, unsigned)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(body(refused).path("type").asString())
                    .isEqualTo("https://rung.dev/problems/unauthorized");
        }
        assertThat(unknownSource.statusCode()).isEqualTo(404);
        assertThat(count("select count(*) from task")).isEqualTo(before);
        assertThat(get("/actuator/prometheus").body())
                .contains("rung_webhooks_rejected_total{source=\"hubspot\"}");
    }

    @Test
    void aZendeskTicketIsTagged() throws Exception {
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
                        .formatted(id, id.substring(3, 10));
        String timestamp = Instant.now().toString();
        String signature = sign(ZENDESK_SECRET.getBytes(StandardCharsets.UTF_8), timestamp + body);

        var response =
                post(
                        "/v1/webhooks/zendesk",
                        body,
                        Map.of(
                                "X-Zendesk-Webhook-Signature",
                                signature,
                                "X-Zendesk-Webhook-Signature-Timestamp",
                                timestamp));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode task = awaitFinished(body(response).path("taskId").asString());
        assertThat(task.path("result").path("tags").get(0).asString()).isEqualTo("billing");
    }

    @Test
    void fiftyCopiesOfOneDeliveryCreateOneTask() throws Exception {
        String subject = "crm-" + UUID.randomUUID();
        String body =
                """
                {"type":"lead.created","data":{"subjectId":"%s","lead":{"email":"a@b.example","message":"Quote please"}}}\
                """
                        .formatted(subject);
        String id = "msg_" + UUID.randomUUID();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature =
                "v1,bm90LXRoaXMtb25l v1,"
                        + sign(
                                Base64.getDecoder().decode(CRM_SECRET),
                                id + "." + timestamp + "." + body);
        Map<String, String> headers =
                Map.of(
                        "webhook-id",
                        id,
                        "webhook-timestamp",
                        timestamp,
                        "webhook-signature",
                        signature);

        List<Future<HttpResponse<String>>> copies = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                copies.add(executor.submit(() -> post("/v1/webhooks/crm", body, headers)));
            }
        }
        List<String> taskIds = new ArrayList<>();
        for (Future<HttpResponse<String>> copy : copies) {
            assertThat(copy.get().statusCode()).isEqualTo(202);
            taskIds.add(body(copy.get()).path("taskId").asString());
        }

        assertThat(taskIds).containsOnly(taskIds.getFirst());
        assertThat(count("select count(*) from task where subject_id = '" + subject + "'"))
                .isEqualTo(1);
        assertThat(awaitFinished(taskIds.getFirst()).path("status").asString())
                .isEqualTo("succeeded");
    }

    @Test
    void restCallersCanQueueTasksToo() throws Exception {
        var response =
                post(
                        "/v1/tasks/ticket-tagging?mode=async",
                        """
                        {"subjectId":"async-1","ticket":{"subject":"How do I export?","body":"How do I export my data to CSV?"}}\
                        """);

        assertThat(response.statusCode()).isEqualTo(202);
        // The answer shows the task as stored at that moment; a worker polling every 50 ms may
        // already have it.
        assertThat(body(response).path("status").asString()).isIn("queued", "running", "succeeded");
        String location = response.headers().firstValue("Location").orElseThrow();
        JsonNode task = awaitFinished(location.substring(location.lastIndexOf('/') + 1));
        assertThat(task.path("result").path("tags").get(0).asString()).isEqualTo("how-to");
    }

    JsonNode awaitFinished(String taskId) {
        return await().alias("task " + taskId + " processed")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> body(get("/v1/tasks/" + taskId)),
                        task ->
                                !task.path("status").asString().equals("queued")
                                        && !task.path("status").asString().equals("running"));
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    static String hubspotContact(String id) {
        return """
        {"id":"%s","properties":{"email":"dana.ortiz@northwind-logistics.com","firstname":"Dana","lastname":"Ortiz",
        "company":"Northwind Logistics","jobtitle":"VP Operations","numemployees":"1200","industry":"Logistics","country":"US",
        "message":"We run 40 warehouses and want pricing for the enterprise plan this quarter."},"archived":false}\
        """
                .formatted(id);
    }

    static String sign(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
