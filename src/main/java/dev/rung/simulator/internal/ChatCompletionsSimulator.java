package dev.rung.simulator.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.rung.tokens.TokenCounter;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/chat/completions}, answered like OpenAI would: same JSON, same error bodies, same
 * headers. What goes wrong is drawn deterministically: answer faults from (seed, model, input), so
 * a model keeps failing the inputs it finds hard; transport faults from (seed, model, input, how
 * often this input was sent), so a retry of a rate-limited call can succeed.
 */
@RestController
@Hidden
@RequestMapping(dev.rung.simulator.SimulatorServer.PATH_PREFIX)
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class ChatCompletionsSimulator {

    private final ScenarioHolder scenarios;
    private final SimulatorProperties properties;
    private final PromptCache promptCache;
    private final RateWindow rateWindow;
    private final SimulatedContent writer;
    private final SimulatorStats stats;

    /**
     * Maintenance on the caller's thread: handing it to a pool would cost a thread wake-up per
     * call.
     */
    private final Cache<String, AtomicInteger> occurrences =
            Caffeine.newBuilder()
                    .expireAfterAccess(Duration.ofMinutes(10))
                    .maximumSize(100_000)
                    .executor(Runnable::run)
                    .build();

    ChatCompletionsSimulator(
            ScenarioHolder scenarios,
            SimulatorProperties properties,
            PromptCache promptCache,
            RateWindow rateWindow,
            SimulatedContent writer,
            SimulatorStats stats) {
        this.stats = stats;
        this.scenarios = scenarios;
        this.properties = properties;
        this.promptCache = promptCache;
        this.rateWindow = rateWindow;
        this.writer = writer;
    }

    @PostMapping(path = "/v1/chat/completions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> complete(@RequestBody JsonNode request) throws InterruptedException {
        return answer(request, false);
    }

    /**
     * A request of a batch: answered as a synchronous call would be, but outside the per-minute
     * rate windows (the Batch API has a queue limit of its own) and without the call's latency (a
     * batch's results come when the batch ends).
     */
    ResponseEntity<?> batched(JsonNode request) throws InterruptedException {
        return answer(request, true);
    }

    private ResponseEntity<?> answer(JsonNode request, boolean batch) throws InterruptedException {
        Scenario scenario = scenarios.get();
        String model = request.path("model").asString("");
        List<String> contents =
                request.path("messages")
                        .valueStream()
                        .map(m -> m.path("content").asString(""))
                        .toList();
        if (request.has("max_tokens")) {
            return WireResponses.badRequest(
                    new HttpHeaders(),
                    "Unsupported parameter: 'max_tokens' is not supported "
                            + "with this model. Use 'max_completion_tokens' instead.",
                    "max_tokens");
        }
        if (model.isBlank() || contents.isEmpty()) {
            return WireResponses.badRequest(
                    new HttpHeaders(), "'model' and 'messages' are required.", null);
        }
        String system = contents.getFirst();
        String user = contents.getLast();
        String cacheKey = request.path("prompt_cache_key").asString("");
        String taskType =
                cacheKey.contains(":") ? cacheKey.substring(0, cacheKey.indexOf(':')) : cacheKey;
        JsonNode schema = request.path("response_format").path("json_schema").path("schema");
        FaultRates rates = scenario.faults(model, taskType, () -> writer.delimitedInput(user));
        SimulatorProperties.ModelProfile profile = scenario.profile(model);

        int occurrence =
                occurrences.get(model + '\0' + user, key -> new AtomicInteger()).incrementAndGet();
        var transport =
                rates.transportFault(
                        new SplittableRandom(mix(scenario.seed(), model, user, occurrence))
                                .nextDouble());
        // A seed asks for another sample (self-consistency): its own draw, possibly another answer.
        long sample = request.path("seed").asLong(0) * 0x9E3779B97F4A7C15L;
        var random = new SplittableRandom(mix(scenario.seed(), model, user, 0) ^ sample);
        // Strict structured outputs rule out answers the schema does not allow (FaultRates).
        boolean strict =
                request.path("response_format").path("json_schema").path("strict").asBoolean(false);
        var answerFault = rates.answerFault(random.nextDouble(), strict);

        int promptTokens = TokenCounter.promptTokens(contents);
        RateWindow.Usage usage =
                batch
                        ? null
                        : rateWindow.record(
                                model,
                                promptTokens + request.path("max_completion_tokens").asInt(0),
                                properties.requestsPerMinuteLimit(),
                                properties.tokensPerMinuteLimit());
        HttpHeaders headers = batch ? new HttpHeaders() : usage.headers();
        headers.set("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
        stats.served();
        if (!batch
                && properties.enforceLimits()
                && usage.over(
                        properties.requestsPerMinuteLimit(), properties.tokensPerMinuteLimit())) {
            stats.rateLimited();
            return WireResponses.rateLimited(
                    model, properties.requestsPerMinuteLimit(), headers, Duration.ofSeconds(1));
        }
        boolean flex = "flex".equals(request.path("service_tier").asString("default"));
        if (flex
                && new SplittableRandom(mix(scenario.seed(), "flex:" + model, user, occurrence))
                                .nextDouble()
                        < scenario.flex().capacityMiss()) {
            stats.rateLimited();
            return WireResponses.flexUnavailable(headers);
        }
        switch (transport) {
            case RATE_LIMITED -> {
                stats.rateLimited();
                return WireResponses.rateLimited(
                        model,
                        properties.requestsPerMinuteLimit(),
                        headers,
                        Duration.ofMillis(200));
            }
            case SERVER_ERROR -> {
                return WireResponses.serverError(headers);
            }
            case TIMEOUT -> Thread.sleep(scenario.hang());
            case NONE -> {}
        }

        String content =
                writer.write(scenario, taskType, system, user, schema, answerFault, random);
        String refusal = content == null ? "I'm sorry, I cannot assist with that request." : null;
        int maxCompletion = request.path("max_completion_tokens").asInt(4096);
        int reasoning = reasoningTokens(request.path("reasoning_effort").asString("none"), random);
        int output = TokenCounter.count(content == null ? refusal : content);
        String finish = "stop";
        if (answerFault == FaultRates.AnswerFault.TRUNCATION
                || output + reasoning > maxCompletion) {
            finish = "length";
            reasoning = Math.min(reasoning, maxCompletion - output);
            if (content != null && output + reasoning > maxCompletion) {
                content =
                        content.substring(
                                0,
                                Math.max(
                                        1,
                                        content.length()
                                                * Math.max(0, maxCompletion - reasoning)
                                                / Math.max(1, output)));
            }
            output = Math.max(0, maxCompletion - reasoning);
        }
        int cached =
                promptCache.cachedTokens(
                        model, cacheKey, system, TokenCounter.instructionTokens(system) + 3);
        var tokens = new WireResponses.Usage(promptTokens, cached, output + reasoning, reasoning);

        long simulatedMillis =
                Math.round(
                        (profile.timeToFirstToken().toMillis()
                                        + 1000.0 * (output + reasoning) / profile.tokensPerSecond())
                                * scenario.latencyScale()
                                * (flex ? scenario.flex().slowdown() : 1.0));
        if (simulatedMillis > 0 && !batch) {
            Thread.sleep(simulatedMillis);
        }
        headers.set("openai-processing-ms", String.valueOf(simulatedMillis));
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 29);
        JsonNode logprobs =
                request.path("logprobs").asBoolean(false) && content != null
                        ? SimulatedLogprobs.of(
                                content,
                                writer.parsed(content),
                                schema,
                                answerFault,
                                scenario.confidence(),
                                request.path("top_logprobs").asInt(0),
                                random)
                        : null;
        return ResponseEntity.ok()
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(
                        WireResponses.completion(
                                id,
                                profile.datedName(),
                                content,
                                refusal,
                                finish,
                                tokens,
                                logprobs,
                                flex ? "flex" : "default"));
    }

    private static int reasoningTokens(String effort, SplittableRandom random) {
        int base =
                switch (effort) {
                    case "low" -> 64;
                    case "medium" -> 256;
                    case "high" -> 768;
                    case "xhigh" -> 1536;
                    default -> 0;
                };
        return (int) Math.round(base * (0.5 + random.nextDouble()));
    }

    static long mix(long seed, String model, String input, int occurrence) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= model.hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= (long) input.hashCode() << 32 ^ input.length();
        h ^= occurrence * 0x165667B19E3779F9L;
        return h;
    }
}
