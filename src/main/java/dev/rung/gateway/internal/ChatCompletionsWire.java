package dev.rung.gateway.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * The Chat Completions request and answer as records, written and read by Jackson directly: no tree
 * is built for either (the output schema is the task type's own tree, sent as it is). Fields Rung
 * does not read are skipped by the parser. Error answers, rare and shaped differently by each
 * OpenAI-compatible server, are still read as a tree.
 */
final class ChatCompletionsWire {

    private ChatCompletionsWire() {}

    /** Only the fields set are sent: OpenAI's extensions go to OpenAI alone. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(
            String model,
            List<Message> messages,
            @JsonProperty("max_completion_tokens") int maxCompletionTokens,
            @JsonProperty("response_format") ResponseFormat responseFormat,
            @JsonProperty("prompt_cache_key") String promptCacheKey,
            @JsonProperty("reasoning_effort") String reasoningEffort,
            @JsonProperty("service_tier") String serviceTier,
            Integer seed,
            Boolean logprobs,
            @JsonProperty("top_logprobs") Integer topLogprobs) {}

    record Message(String role, String content) {}

    record ResponseFormat(String type, @JsonProperty("json_schema") JsonSchema jsonSchema) {
        static ResponseFormat strict(String name, JsonNode schema) {
            return new ResponseFormat("json_schema", new JsonSchema(name, true, schema));
        }
    }

    record JsonSchema(String name, boolean strict, JsonNode schema) {}

    record Response(String model, List<Choice> choices, Usage usage) {
        Choice first() {
            return choices == null || choices.isEmpty() ? Choice.NONE : choices.getFirst();
        }

        Usage usageOrNone() {
            return usage == null ? Usage.NONE : usage;
        }
    }

    record Choice(
            AnswerMessage message,
            @JsonProperty("finish_reason") String finishReason,
            Logprobs logprobs) {
        static final Choice NONE = new Choice(null, null, null);
    }

    record AnswerMessage(String content, String refusal) {}

    record Logprobs(List<Token> content) {}

    record Token(String token, double logprob) {}

    record Usage(
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("prompt_tokens_details") PromptDetails promptDetails,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("completion_tokens_details") CompletionDetails completionDetails) {
        static final Usage NONE = new Usage(0, null, 0, null);

        long cachedTokens() {
            return promptDetails == null ? 0 : promptDetails.cachedTokens();
        }

        long reasoningTokens() {
            return completionDetails == null ? 0 : completionDetails.reasoningTokens();
        }
    }

    record PromptDetails(@JsonProperty("cached_tokens") long cachedTokens) {}

    record CompletionDetails(@JsonProperty("reasoning_tokens") long reasoningTokens) {}
}
