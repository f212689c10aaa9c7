package dev.rung.simulator.internal;

import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.SplittableRandom;

/**
 * What a simulated model writes for a call, read off the call as a model would read it: the task's
 * input between the untrusted-input tags, and, for a call to judge a draft, the draft and the
 * output schema it should follow. A task call gets the true answer for its input, spoilt as the
 * drawn fault says; a judge call gets a verdict on the draft.
 */
@Component
class SimulatedContent {

    private static final String OPEN = "<untrusted_input>";
    private static final String CLOSE = "</untrusted_input>";
    private static final String DRAFT = "<draft_answer>";

    private final JsonMapper json;

    SimulatedContent(JsonMapper json) {
        this.json = json;
    }

    /** The answer text, or null for a refusal. */
    String write(
            Scenario scenario,
            String taskType,
            String system,
            String user,
            JsonNode schema,
            FaultRates.AnswerFault fault,
            SplittableRandom random) {
        if (isJudge(schema, user)) {
            return SimulatedJudge.verdict(
                    scenario.seed(),
                    taskType,
                    delimitedInput(user),
                    block(user, DRAFT, "</draft_answer>"),
                    block(system, "<output_schema>", "</output_schema>"),
                    fault);
        }
        // The true answer depends on the input alone: every model, every rung (whatever context an
        // escalation adds to the message) and the truth endpoint are judged against the same one.
        var truth = TrueAnswers.of(scenario.seed(), taskType, delimitedInput(user), schema, random);
        String citations = SimulatedCitations.citationsField(schema);
        if (citations != null) {
            SimulatedCitations.ground(
                    truth, schema, citations, SimulatedCitations.sources(user, json), fault);
        }
        return SimulatedAnswer.spoil(truth, fault, schema, taskType, scenario.confidence(), random);
    }

    /**
     * The task input: the first JSON object between the delimiters (a template may place single
     * fields around it); for a message without them (a client's own prompt), its text, so each
     * prompt has a truth of its own.
     */
    JsonNode delimitedInput(String user) {
        for (int start = user.indexOf(OPEN); start >= 0; start = user.indexOf(OPEN, start + 1)) {
            int end = user.indexOf(CLOSE, start);
            if (end < 0) {
                break;
            }
            JsonNode block = parsed(user.substring(start + OPEN.length(), end));
            if (block != null && block.isObject()) {
                return block;
            }
        }
        return user.contains(OPEN)
                ? JsonNodeFactory.instance.objectNode()
                : JsonNodeFactory.instance.objectNode().put("text", user);
    }

    /** The text as JSON, or null when it is not. */
    JsonNode parsed(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * A call to judge a draft, as a model would know it: a draft to read and an answer of {@code
     * verdict} accept or reject to give.
     */
    private static boolean isJudge(JsonNode schema, String user) {
        JsonNode verdicts = schema.path("properties").path("verdict").path("enum");
        return user.contains(DRAFT)
                && verdicts.valueStream().anyMatch(value -> value.asString("").equals("accept"))
                && verdicts.valueStream().anyMatch(value -> value.asString("").equals("reject"));
    }

    /** The JSON between two tags, or null. */
    private JsonNode block(String text, String open, String close) {
        int start = text.indexOf(open);
        int end = start < 0 ? -1 : text.indexOf(close, start);
        return end < 0 ? null : parsed(text.substring(start + open.length(), end));
    }
}
