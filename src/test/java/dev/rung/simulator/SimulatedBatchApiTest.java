package dev.rung.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The simulated provider's Files and Batch APIs, driven over HTTP as a client of OpenAI would:
 * upload a JSONL of chat requests, create a batch, poll it, download its output and error files; a
 * batch that runs out of time expires, one with an unreadable line fails.
 */
class SimulatedBatchApiTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aBatchRunsEveryRequestAndWritesItsOutputFile() {
        simulatorFaults(Map.of());
        JsonNode batch = createBatch(upload(requests(3), "batch"));
        assertThat(batch.path("object").asString()).isEqualTo("batch");
        assertThat(batch.path("status").asString()).isIn("validating", "in_progress", "completed");

        JsonNode done = awaitEnd(batch.path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("request_counts").path("total").asInt()).isEqualTo(3);
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(3);
        assertThat(done.path("completed_at").isNumber()).isTrue();
        assertThat(done.path("error_file_id").isNull()).isTrue();
        List<JsonNode> lines = download(done.path("output_file_id").asString());
        assertThat(lines)
                .extracting(l -> l.path("custom_id").asString())
                .containsExactlyInAnyOrder("task-0", "task-1", "task-2");
        assertThat(lines)
                .allSatisfy(
                        line -> {
                            assertThat(line.path("id").asString()).startsWith("batch_req_");
                            assertThat(line.path("response").path("status_code").asInt())
                                    .isEqualTo(200);
                            assertThat(line.path("response").path("body").path("object").asString())
                                    .isEqualTo("chat.completion");
                            assertThat(line.path("error").isNull()).isTrue();
                        });
    }

    @Test
    void aBatchThatRunsOutOfTimeExpiresWithTheRestInItsErrorFile() {
        simulatorFaults(Map.of());
        assertThat(put("/v1/admin/simulator/scenario/batches", "{\"expireAfter\":1}").statusCode())
                .isEqualTo(200);

        JsonNode done = awaitEnd(createBatch(upload(requests(3), "batch")).path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("expired");
        assertThat(done.path("expired_at").isNumber()).isTrue();
        assertThat(download(done.path("output_file_id").asString())).hasSize(1);
        assertThat(download(done.path("error_file_id").asString()))
                .hasSize(2)
                .allSatisfy(
                        line -> {
                            assertThat(line.path("response").isNull()).isTrue();
                            assertThat(line.path("error").path("code").asString())
                                    .isEqualTo("batch_expired");
                        });
    }

    @Test
    void anUnreadableInputFailsTheBatchAndBadRequestsAreRefused() {
        String input = requests(1) + "not json\n";
        JsonNode done = awaitEnd(createBatch(upload(input, "batch")).path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("failed");
        assertThat(done.path("errors").path("data").get(0).path("line").asInt()).isEqualTo(2);

        String notForBatches = upload(requests(1), "user_data").path("id").asString();
        var refused =
                post(
                        "/simulator/v1/batches",
                        "{\"input_file_id\":\""
                                + notForBatches
                                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).path("error").path("param").asString()).isEqualTo("input_file_id");
        assertThat(get("/simulator/v1/batches/batch_unknown").statusCode()).isEqualTo(404);
        assertThat(get("/simulator/v1/files/file-unknown").statusCode()).isEqualTo(404);
    }

    /** JSONL of chat requests with custom ids task-0, task-1, ... */
    private static String requests(int count) {
        StringBuilder jsonl = new StringBuilder();
        IntStream.range(0, count)
                .forEach(
                        i ->
                                jsonl.append(
                                        """
                                        {"custom_id":"task-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-5.4-nano",\
                                        "messages":[{"role":"system","content":"Label the lead."},{"role":"user","content":"<untrusted_input>{\\"n\\":%d}</untrusted_input>"}],\
                                        "response_format":{"type":"json_schema","json_schema":{"name":"label","strict":true,"schema":{"type":"object",\
                                        "properties":{"label":{"type":"string","enum":["a","b"]}},"required":["label"],"additionalProperties":false}}},\
                                        "max_completion_tokens":256}}
                                        """
                                                .formatted(i, i)));
        return jsonl.toString();
    }

    private JsonNode upload(String content, String purpose) {
        String boundary = "rung-" + UUID.randomUUID();
        String body =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                        + purpose
                        + "\r\n--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\";"
                        + " filename=\"requests.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                        + content
                        + "\r\n--"
                        + boundary
                        + "--\r\n";
        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(uri("/simulator/v1/files"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                body, StandardCharsets.UTF_8))
                                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode file = body(response);
        assertThat(file.path("object").asString()).isEqualTo("file");
        assertThat(file.path("purpose").asString()).isEqualTo(purpose);
        assertThat(file.path("bytes").asInt())
                .isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
        return file;
    }

    private JsonNode createBatch(JsonNode file) {
        var response =
                post(
                        "/simulator/v1/batches",
                        "{\"input_file_id\":\""
                                + file.path("id").asString()
                                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private JsonNode awaitEnd(String id) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> body(get("/simulator/v1/batches/" + id)),
                        b ->
                                b.path("status")
                                        .asString()
                                        .matches("completed|expired|failed|cancelled"));
    }

    private List<JsonNode> download(String fileId) {
        var response = get("/simulator/v1/files/" + fileId + "/content");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body()
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> json.readTree(l))
                .toList();
    }
}
