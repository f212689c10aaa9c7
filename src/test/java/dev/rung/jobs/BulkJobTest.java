package dev.rung.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;
import dev.rung.support.LeadMix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Bulk jobs through the simulated Batch API: every input answered, the answers that fail a check
 * escalated synchronously, batch lines priced at batch prices; an expired batch's remainder
 * resubmitted; a cancelled job's lines ended unbilled; an invalid upload refused whole.
 */
class BulkJobTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aThousandLeadsAreAnsweredThroughTheBatchApiWithFailedChecksEscalated() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("ruleViolation", 0.1)));
        assertThat(
                        put(
                                        "/v1/admin/simulator/scenario/flex",
                                        "{\"slowdown\": 1.0, \"capacityMiss\": 0}")
                                .statusCode())
                .isEqualTo(200);
        String run = UUID.randomUUID().toString();

        JsonNode started =
                upload("/v1/jobs/lead-classification", "application/x-ndjson", leads(run, 1000));
        JsonNode job = awaitEnd(started.path("id").asString());

        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("total").asInt()).isEqualTo(1000);
        JsonNode counts = job.path("counts");
        assertThat(counts.path("succeeded").asInt()).isEqualTo(1000);
        assertThat(counts.path("failed").asInt()).isZero();
        assertThat(counts.path("escalated").asInt())
                .as("about one nano answer in ten breaks a rule and climbs to mini")
                .isBetween(60, 140);
        assertThat(job.path("batches")).hasSize(1);
        assertThat(job.path("batches").get(0).path("status").asString()).isEqualTo("completed");

        List<JsonNode> results = ndjson(get("/v1/jobs/" + job.path("id").asString() + "/results"));
        assertThat(results).hasSize(1000);
        assertThat(results)
                .allSatisfy(
                        row -> {
                            assertThat(row.path("status").asString()).isEqualTo("succeeded");
                            assertThat(row.path("result").path("label").asString()).isNotEmpty();
                        });
        assertThat(results.get(0).path("subjectId").asString()).isEqualTo(run + "-0");

        // The ledger: a batch line at batch prices first, then a synchronous mini attempt where it
        // failed a check.
        JsonNode escalatedTask =
                results.stream()
                        .filter(row -> row.path("maxRung").asInt() == 2)
                        .map(row -> body(get("/v1/tasks/" + row.path("taskId").asString())))
                        .findFirst()
                        .orElseThrow();
        JsonNode batchLine = escalatedTask.path("attempts").get(0);
        assertThat(batchLine.path("serviceTier").asString()).isEqualTo("batch");
        assertThat(batchLine.path("outcome").asString()).isEqualTo("rule_failed");
        assertThat(batchLine.path("costUsd").decimalValue())
                .isEqualByComparingTo(priced(batchLine, "0.10", "0.01", "0.625"));
        JsonNode escalation = escalatedTask.path("attempts").get(1);
        assertThat(escalation.path("model").asString()).isEqualTo("gpt-5.4-mini");
        assertThat(escalation.path("serviceTier").asString())
                .as("what follows a batch line can wait too: flex, at half the standard price")
                .isEqualTo("flex");
        assertThat(escalation.path("costUsd").decimalValue())
                .isEqualByComparingTo(priced(escalation, "0.375", "0.0375", "2.25"));
        assertThat(escalation.path("rung").asInt()).isEqualTo(2);

        JsonNode cost = job.path("cost");
        BigDecimal batchLines = cost.path("batchLinesUsd").decimalValue();
        assertThat(cost.path("batchLinesAtStandardPricesUsd").decimalValue())
                .as("the batch lines cost half their standard price")
                .isEqualByComparingTo(batchLines.multiply(BigDecimal.TWO));
        assertThat(cost.path("totalUsd").decimalValue())
                .isEqualByComparingTo(batchLines.add(cost.path("synchronousUsd").decimalValue()));
        assertThat(cost.path("atStandardPricesUsd").decimalValue())
                .as("the same calls through the synchronous ladder cost twice as much")
                .isCloseTo(
                        cost.path("totalUsd").decimalValue().multiply(BigDecimal.TWO),
                        org.assertj.core.data.Offset.offset(new BigDecimal("0.000001")));
        assertThat(cost.path("costPerSuccessUsd").decimalValue())
                .isEqualByComparingTo(
                        cost.path("totalUsd")
                                .decimalValue()
                                .divide(BigDecimal.valueOf(1000), 9, RoundingMode.HALF_UP));
        assertThat(
                        jdbc.sql(
                                        "select count(*) from attempt a join bulk_job_item i on"
                                                + " i.task_id = a.task_id where i.job_id = ?::uuid"
                                                + " and a.service_tier = 'batch'")
                                .param(job.path("id").asString())
                                .query(Long.class)
                                .single())
                .as("every batch line is an attempt in the ledger")
                .isEqualTo(1000);
    }

    @Test
    void anExpiredBatchResubmitsWhatItLeft() {
        simulatorFaults(Map.of());
        batches("{\"expireAfter\": 3}");
        String run = UUID.randomUUID().toString();

        JsonNode job =
                awaitEnd(
                        upload(
                                        "/v1/jobs/lead-classification",
                                        "application/x-ndjson",
                                        leads(run, 5))
                                .path("id")
                                .asString());

        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("counts").path("succeeded").asInt()).isEqualTo(5);
        assertThat(job.path("batches").valueStream().map(b -> b.path("status").asString()))
                .containsExactly("expired", "completed");
        assertThat(job.path("batches").get(1).path("lines").asInt()).isEqualTo(2);
        JsonNode resubmitted =
                body(
                        get(
                                "/v1/tasks/"
                                        + ndjson(
                                                        get(
                                                                "/v1/jobs/"
                                                                        + job.path("id").asString()
                                                                        + "/results"))
                                                .get(4)
                                                .path("taskId")
                                                .asString()));
        assertThat(
                        resubmitted
                                .path("attempts")
                                .valueStream()
                                .map(a -> a.path("outcome").asString()))
                .containsExactly("batch_expired", "pass");
        assertThat(resubmitted.path("attempts").get(0).path("costUsd").decimalValue()).isZero();
    }

    @Test
    void aCancelledJobEndsItsWaitingLinesUnbilled() {
        simulatorFaults(Map.of());
        batches("{\"inProgressFor\": \"PT1M\"}");
        String id =
                upload(
                                "/v1/jobs/lead-classification",
                                "application/x-ndjson",
                                leads(UUID.randomUUID().toString(), 4))
                        .path("id")
                        .asString();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                body(get("/v1/jobs/" + id))
                                                        .path("counts")
                                                        .path("waitingOnBatch")
                                                        .asInt()
                                                == 4
                                        && !body(get("/v1/jobs/" + id)).path("batches").isEmpty());

        HttpResponse<String> cancelled = post("/v1/jobs/" + id + "/cancel", null);

        assertThat(cancelled.statusCode()).isEqualTo(202);
        JsonNode job = awaitEnd(id);
        assertThat(job.path("status").asString()).isEqualTo("cancelled");
        assertThat(job.path("counts").path("cancelled").asInt()).isEqualTo(4);
        assertThat(job.path("cost").path("totalUsd").decimalValue()).isZero();
        assertThat(post("/v1/jobs/" + id + "/cancel", null).statusCode()).isEqualTo(409);
    }

    @Test
    void csvInAndOut() {
        simulatorFaults(Map.of());
        String csv =
                """
                subjectId,lead.email,lead.company,lead.companySize,lead.message
                csv-1,ana@acme.io,Acme,40,"Pricing for 40 seats, please"
                csv-2,bo@firm.io,Firm,2500,Can we talk about an enterprise plan?
                """;

        JsonNode job =
                awaitEnd(
                        upload("/v1/jobs/lead-classification", "text/csv", csv)
                                .path("id")
                                .asString());

        assertThat(job.path("counts").path("succeeded").asInt()).isEqualTo(2);
        HttpResponse<String> results =
                get("/v1/jobs/" + job.path("id").asString() + "/results?format=csv");
        assertThat(results.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/csv");
        List<String> rows = results.body().lines().toList();
        assertThat(rows.getFirst())
                .startsWith("line,subjectId,recordId,taskId,status")
                .contains("result.label");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("1,csv-1,,").contains(",succeeded,");
    }

    @Test
    void anInvalidLineRefusesTheWholeUpload() {
        long jobsBefore = jdbc.sql("select count(*) from bulk_job").query(Long.class).single();
        String upload =
                LeadMix.lead("bad", 0).replace("\n", "")
                        + "\n"
                        + "{\"subjectId\":\"bad-1\",\"lead\":{\"company\":\"No email\"}}\n"
                        + "not json\n";

        HttpResponse<String> refused =
                send(request("/v1/jobs/lead-classification", "application/x-ndjson", upload));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        JsonNode errors = body(refused).path("errors");
        assertThat(errors.valueStream().map(error -> error.path("line").asInt())).contains(2, 3);
        assertThat(refused.body()).doesNotContain("No email");
        assertThat(jdbc.sql("select count(*) from bulk_job").query(Long.class).single())
                .as("nothing is stored")
                .isEqualTo(jobsBefore);
        assertThat(
                        send(request("/v1/jobs/no-such-type", "application/x-ndjson", upload))
                                .statusCode())
                .isEqualTo(404);
        assertThat(
                        send(request("/v1/jobs/lead-classification", "application/json", upload))
                                .statusCode())
                .isEqualTo(415);
    }

    private static String leads(String run, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> LeadMix.lead(run, i).replace("\n", ""))
                .collect(Collectors.joining("\n"));
    }

    private JsonNode upload(String path, String contentType, String body) {
        HttpResponse<String> response = send(request(path, contentType, body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith("/v1/jobs/");
        return body(response);
    }

    private HttpRequest request(String path, String contentType, String body) {
        return HttpRequest.newBuilder(uri(path))
                .header("X-API-Key", DEV_KEY)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private JsonNode awaitEnd(String id) {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> body(get("/v1/jobs/" + id)),
                        job ->
                                job.path("status").asString().equals("completed")
                                        || job.path("status").asString().equals("cancelled"));
    }

    private void batches(String behaviour) {
        assertThat(put("/v1/admin/simulator/scenario/batches", behaviour).statusCode())
                .isEqualTo(200);
    }

    private List<JsonNode> ndjson(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().map(json::readTree).toList();
    }

    /** The attempt's cost from its tokens at these prices per million tokens. */
    private static BigDecimal priced(JsonNode attempt, String input, String cached, String output) {
        JsonNode tokens = attempt.path("tokens");
        long in = tokens.path("input").asLong();
        long hit = tokens.path("cachedInput").asLong();
        long out = tokens.path("output").asLong();
        return new BigDecimal(input)
                .multiply(BigDecimal.valueOf(in - hit))
                .add(new BigDecimal(cached).multiply(BigDecimal.valueOf(hit)))
                .add(new BigDecimal(output).multiply(BigDecimal.valueOf(out)))
                .divide(BigDecimal.valueOf(1_000_000), 9, RoundingMode.HALF_UP);
    }
}
