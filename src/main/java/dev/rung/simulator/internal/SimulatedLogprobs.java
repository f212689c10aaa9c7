package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code choices[0].logprobs} for a simulated answer, calibrated like its self-reported confidence:
 * the tokens that spell a value from an allowed set (a label, each tag) or a boolean together get a
 * probability drawn from the confidence curve (right answers mostly high, wrong ones lower, with
 * overlap; 0.2–0.5 for a low-confidence fault), spread evenly over them; every other token is near
 * certain. A value's tokens are those that overlap it, quotes included. Tokens are words, runs of
 * spaces and single other characters: not the real tokenizer's pieces, but they spell the answer
 * exactly, as real ones do.
 */
final class SimulatedLogprobs {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]+|\\s+|.", Pattern.DOTALL);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Span(int start, int end, double probability, List<String> alternatives) {}

    private SimulatedLogprobs() {}

    /**
     * @param answer the content parsed, when it is a JSON object
     */
    static ObjectNode of(
            String content,
            JsonNode answer,
            JsonNode schema,
            FaultRates.AnswerFault fault,
            ConfidenceCurve curve,
            int topLogprobs,
            SplittableRandom random) {
        List<Span> spans =
                answer == null || !answer.isObject()
                        ? List.of()
                        : valueSpans(content, answer, schema, fault, curve, random);
        List<int[]> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(content);
        while (matcher.find()) {
            tokens.add(new int[] {matcher.start(), matcher.end()});
        }
        ObjectNode logprobs = NODES.objectNode();
        ArrayNode out = logprobs.putArray("content");
        for (int[] token : tokens) {
            Span span = covering(spans, token);
            double logprob =
                    span == null
                            ? -(0.0001 + random.nextDouble() * 0.02)
                            : Math.log(span.probability()) / tokensIn(tokens, span);
            String text = content.substring(token[0], token[1]);
            ObjectNode entry = out.addObject();
            entry.put("token", text);
            entry.put("logprob", logprob);
            entry.set("bytes", bytes(text));
            ArrayNode top = entry.putArray("top_logprobs");
            if (topLogprobs > 0) {
                ObjectNode self = top.addObject();
                self.put("token", text);
                self.put("logprob", logprob);
                self.set("bytes", bytes(text));
                if (span != null && token[0] <= span.start() && !span.alternatives().isEmpty()) {
                    double rest = Math.max(1e-9, 1 - Math.exp(logprob));
                    List<String> others = span.alternatives();
                    for (int i = 0; i < Math.min(topLogprobs - 1, others.size()); i++) {
                        ObjectNode other = top.addObject();
                        other.put("token", "\"" + others.get(i));
                        other.put("logprob", Math.log(rest / others.size()));
                        other.set("bytes", bytes("\"" + others.get(i)));
                    }
                }
            }
        }
        logprobs.putArray("refusal");
        return logprobs;
    }

    /** Values from an allowed set, and booleans, where the compact JSON text has them. */
    private static List<Span> valueSpans(
            String content,
            JsonNode answer,
            JsonNode schema,
            FaultRates.AnswerFault fault,
            ConfidenceCurve curve,
            SplittableRandom random) {
        List<Span> spans = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : answer.properties()) {
            List<String> allowed = SimulatedAnswer.allowed(schema, property.getKey());
            JsonNode value = property.getValue();
            if (allowed.isEmpty() && !value.isBoolean()) {
                continue;
            }
            int at = content.indexOf("\"" + property.getKey() + "\":");
            if (at < 0) {
                continue;
            }
            int from = at + property.getKey().length() + 3;
            List<JsonNode> items = new ArrayList<>();
            if (value.isArray()) value.forEach(items::add);
            else items.add(value);
            for (JsonNode item : items) {
                String written = item.toString();
                int start = content.indexOf(written, from);
                if (start < 0) {
                    continue;
                }
                List<String> others = new ArrayList<>(allowed);
                others.remove(item.asString(""));
                spans.add(
                        new Span(
                                start,
                                start + written.length(),
                                probability(fault, curve, random),
                                others));
                from = start + written.length();
            }
        }
        return spans;
    }

    private static double probability(
            FaultRates.AnswerFault fault, ConfidenceCurve curve, SplittableRandom random) {
        return switch (fault) {
            case LOW_CONFIDENCE -> 0.2 + random.nextDouble() * 0.3;
            case WRONG -> curve.draw(false, random);
            default -> curve.draw(true, random);
        };
    }

    private static Span covering(List<Span> spans, int[] token) {
        for (Span span : spans) {
            if (token[0] < span.end() && token[1] > span.start()) {
                return span;
            }
        }
        return null;
    }

    private static int tokensIn(List<int[]> tokens, Span span) {
        int count = 0;
        for (int[] token : tokens) {
            if (token[0] < span.end() && token[1] > span.start()) {
                count++;
            }
        }
        return count;
    }

    private static ArrayNode bytes(String text) {
        ArrayNode bytes = NODES.arrayNode();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }
}
