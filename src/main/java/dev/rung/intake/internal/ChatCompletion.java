package dev.rung.intake.internal;

import dev.rung.ledger.StoredTask;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A finished task as OpenAI's {@code chat.completion} object: the accepted answer as the
 * assistant's content, the answering model, and the usage summed over every attempt the task made
 * (a failed check's tokens were paid for too). Rung's own view of the task rides along as {@code
 * rung}, which OpenAI clients ignore.
 */
final class ChatCompletion {

    private ChatCompletion() {}

    static ObjectNode of(StoredTask task, String requestedModel) {
        ObjectNode completion = JsonNodeFactory.instance.objectNode();
        completion.put("id", "chatcmpl-" + task.id().toString().replace("-", ""));
        completion.put("object", "chat.completion");
        completion.put(
                "created",
                (task.finishedAt() == null ? task.createdAt() : task.finishedAt())
                        .getEpochSecond());
        completion.put("model", answeringModel(task).orElse(requestedModel));
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", task.result().toString());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        usage(completion.putObject("usage"), task.attempts());
        completion.put("service_tier", "default");
        completion.putNull("system_fingerprint");
        ObjectNode rung = completion.putObject("rung");
        rung.put("taskId", task.id().toString());
        rung.put("simulated", task.simulated());
        rung.put("policy", task.policy());
        rung.put("attempts", task.attempts().size());
        rung.put("cacheHit", task.cacheHit());
        if (task.costUsd() != null) {
            rung.put("costUsd", task.costUsd());
        }
        return completion;
    }

    private static java.util.Optional<String> answeringModel(StoredTask task) {
        return task.attempts().reversed().stream()
                .map(StoredTask.Attempt::modelAnswered)
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private static void usage(ObjectNode usage, List<StoredTask.Attempt> attempts) {
        long input = 0;
        long cached = 0;
        long output = 0;
        long reasoning = 0;
        for (StoredTask.Attempt attempt : attempts) {
            input += attempt.inputTokens();
            cached += attempt.cachedInputTokens();
            output += attempt.outputTokens();
            reasoning += attempt.reasoningTokens();
        }
        usage.put("prompt_tokens", input);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", input + output);
        usage.putObject("prompt_tokens_details")
                .put("cached_tokens", cached)
                .put("audio_tokens", 0);
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", reasoning)
                .put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0)
                .put("rejected_prediction_tokens", 0);
    }
}
