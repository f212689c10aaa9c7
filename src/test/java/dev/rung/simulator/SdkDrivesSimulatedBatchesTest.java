package dev.rung.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;

import dev.rung.support.IntegrationTest;
import dev.rung.support.OpenAiClients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The official OpenAI SDK for Java, the client Rung's own calls go through, drives the simulated
 * Files and Batch APIs: what the simulator answers parses as OpenAI's types.
 */
class SdkDrivesSimulatedBatchesTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void theOfficialSdkUploadsRunsAndDownloadsABatch() throws IOException {
        simulatorFaults(Map.of());
        OpenAIClient client =
                OpenAiClients.at("http://localhost:" + port + "/simulator/v1", "sk-test");
        String jsonl =
                """
                {"custom_id":"lead-1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-5.4-nano",\
                "messages":[{"role":"system","content":"Label it."},{"role":"user","content":"<untrusted_input>{\\"n\\":1}</untrusted_input>"}],\
                "response_format":{"type":"json_schema","json_schema":{"name":"label","strict":true,"schema":{"type":"object",\
                "properties":{"label":{"type":"string","enum":["a","b"]}},"required":["label"],"additionalProperties":false}}}}}
                """;

        FileObject file =
                client.files()
                        .create(
                                FileCreateParams.builder()
                                        .file(jsonl.getBytes(StandardCharsets.UTF_8))
                                        .purpose(FilePurpose.BATCH)
                                        .build());
        Batch created =
                client.batches()
                        .create(
                                BatchCreateParams.builder()
                                        .inputFileId(file.id())
                                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                                        .build());
        Batch done =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> client.batches().retrieve(created.id()),
                                batch -> batch.status().equals(Batch.Status.COMPLETED));

        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(1);
        try (var content = client.files().content(done.outputFileId().orElseThrow());
                InputStream body = content.body()) {
            String output = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(
                            json.readTree(output.lines().findFirst().orElseThrow())
                                    .path("custom_id")
                                    .asString())
                    .isEqualTo("lead-1");
        }
    }
}
