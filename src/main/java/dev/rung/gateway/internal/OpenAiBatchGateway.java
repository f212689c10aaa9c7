package dev.rung.gateway.internal;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;

import dev.rung.gateway.BatchGateway;
import dev.rung.gateway.BatchResult;
import dev.rung.gateway.BatchState;
import dev.rung.gateway.ModelRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.openai.setup.OpenAiSetup;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Batch API through the official OpenAI SDK, against the same base URL and key as the chat
 * calls (the built-in simulator without an {@code OPENAI_API_KEY}). Its own client: file uploads
 * and downloads are large and slow next to a chat call, and the SDK's retries stay off here too.
 */
@Component
class OpenAiBatchGateway implements BatchGateway {

    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(2);

    private final OpenAIClient client;
    private final BatchLines lines;
    private final GatewayProperties properties;

    OpenAiBatchGateway(
            Environment environment,
            GatewayProperties properties,
            JsonMapper json,
            MeterRegistry meters) {
        this.properties = properties;
        this.lines = new BatchLines(json);
        this.client =
                OpenAiSetup.setupSyncClient(
                        environment.getProperty("spring.ai.openai.base-url"),
                        environment.getProperty("spring.ai.openai.api-key"),
                        null,
                        null,
                        null,
                        environment.getProperty("spring.ai.openai.organization-id"),
                        false,
                        false,
                        null,
                        FILE_TIMEOUT,
                        0,
                        null,
                        Map.of(),
                        ObservationRegistry.NOOP,
                        meters,
                        List.of());
    }

    @Override
    public String provider() {
        return properties.provider();
    }

    @Override
    public String line(String customId, ModelRequest request) {
        return lines.line(customId, request);
    }

    @Override
    public Submitted submit(String fileName, byte[] jsonl, Map<String, String> metadata) {
        var file =
                client.files()
                        .create(
                                FileCreateParams.builder()
                                        .file(
                                                MultipartField.<InputStream>builder()
                                                        .value(new ByteArrayInputStream(jsonl))
                                                        .filename(fileName)
                                                        .contentType("application/jsonl")
                                                        .build())
                                        .purpose(FilePurpose.BATCH)
                                        .build());
        var stored = BatchCreateParams.Metadata.builder();
        metadata.forEach((key, value) -> stored.putAdditionalProperty(key, JsonValue.from(value)));
        Batch batch =
                client.batches()
                        .create(
                                BatchCreateParams.builder()
                                        .inputFileId(file.id())
                                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                                        .metadata(stored.build())
                                        .build());
        return new Submitted(batch.id(), file.id());
    }

    @Override
    public BatchState poll(String batchId) {
        Batch batch = client.batches().retrieve(batchId);
        var counts = batch.requestCounts();
        return new BatchState(
                batch.id(),
                BatchState.Phase.valueOf(batch.status().asString().toUpperCase(Locale.ROOT)),
                counts.map(c -> (int) c.total()).orElse(0),
                counts.map(c -> (int) c.completed()).orElse(0),
                counts.map(c -> (int) c.failed()).orElse(0),
                batch.outputFileId(),
                batch.errorFileId(),
                batch.errors()
                        .flatMap(errors -> errors.data())
                        .flatMap(data -> data.stream().findFirst())
                        .map(OpenAiBatchGateway::describe));
    }

    @Override
    public void cancel(String batchId) {
        client.batches().cancel(batchId);
    }

    @Override
    public void results(String fileId, Consumer<BatchResult> each) {
        try (var content = client.files().content(fileId);
                var reader =
                        new BufferedReader(
                                new InputStreamReader(content.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.result(line).ifPresent(each);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the batch file " + fileId + " could not be read", e);
        }
    }

    /** A batch's first error: its code, line and message (which names no input value). */
    private static String describe(BatchError error) {
        return error.code().orElse("error")
                + error.line().map(line -> " on line " + line).orElse("")
                + error.message().map(message -> ": " + message).orElse("");
    }
}
