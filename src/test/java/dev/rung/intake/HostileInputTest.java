package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Well over a hundred kinds of hostile input: each answered 4xx problem+json, and nothing stored
 * for any.
 */
class HostileInputTest extends IntegrationTest {

    static final String[] LEAD_FIELDS = {
        "email",
        "firstName",
        "lastName",
        "company",
        "title",
        "industry",
        "country",
        "source",
        "message"
    };
    static final String[] BAD_TEXT_VALUES = {
        "42",
        "true",
        "{\"a\":1}",
        "[\"x\"]",
        "\"" + "x".repeat(6000) + "\"",
        "\"nul\\u0000byte\"",
        "\"lone \\ud800 surrogate\""
    };

    static Stream<Arguments> hostileRequests() {
        List<Arguments> cases = new ArrayList<>();
        for (String field : LEAD_FIELDS) {
            for (String bad : BAD_TEXT_VALUES) {
                String lead =
                        field.equals("email")
                                ? "{\"email\":" + bad + "}"
                                : "{\"email\":\"a@b.co\",\"" + field + "\":" + bad + "}";
                cases.add(
                        json(
                                "lead " + field + "=" + abbreviate(bad),
                                "lead-classification",
                                "{\"subjectId\":\"h\",\"lead\":" + lead + "}"));
            }
        }
        for (String size :
                List.of(
                        "-1",
                        "1e400",
                        "99999999999999999999",
                        "12.5",
                        "\"many\"",
                        "[]",
                        "10000001")) {
            cases.add(
                    json(
                            "companySize=" + size,
                            "lead-classification",
                            "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\",\"companySize\":"
                                    + size
                                    + "}}"));
        }
        for (String field : List.of("subject", "body", "channel", "customerPlan")) {
            for (String bad : List.of("1", "true", "{}", "\"" + "y".repeat(25_000) + "\"")) {
                cases.add(
                        json(
                                "ticket " + field + "=" + abbreviate(bad),
                                "ticket-tagging",
                                "{\"subjectId\":\"h\",\"ticket\":{\"subject\":\"s\",\"body\":\"b\",\""
                                        + field
                                        + "\":"
                                        + bad
                                        + "}}"));
            }
        }
        for (String form :
                List.of(
                        "{}",
                        "{\"fields\":{}}",
                        "{\"fields\":{\"a\":1}}",
                        "{\"fields\":{\"a\":{\"b\":\"c\"}}}",
                        "{\"fields\":[\"a\"]}",
                        "{\"text\":\"\"}",
                        "{\"text\":42}",
                        "{\"fields\":{\"a\":\"" + "z".repeat(2500) + "\"}}")) {
            cases.add(
                    json(
                            "form " + abbreviate(form),
                            "field-extraction",
                            "{\"subjectId\":\"h\",\"form\":" + form + "}"));
        }
        for (String subject :
                List.of("null", "\"\"", "\"   \"", "7", "\"" + "s".repeat(201) + "\"", "[]")) {
            cases.add(
                    json(
                            "subjectId=" + abbreviate(subject),
                            "lead-classification",
                            "{\"subjectId\":" + subject + ",\"lead\":{\"email\":\"a@b.co\"}}"));
        }
        for (String stakes :
                List.of(
                        "\"yes\"",
                        "[]",
                        "{\"customerFacing\":\"maybe\"}",
                        "{\"unknownFlag\":true}",
                        "7")) {
            cases.add(
                    json(
                            "stakes=" + stakes,
                            "lead-classification",
                            "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\"},\"stakes\":"
                                    + stakes
                                    + "}"));
        }
        for (String body :
                List.of(
                        "",
                        " ",
                        "null",
                        "[]",
                        "\"string\"",
                        "42",
                        "{",
                        "}",
                        "{\"subjectId\":\"h\",}",
                        "{'subjectId':'h'}",
                        "{\"subjectId\":\"h\" \"lead\":{}}",
                        "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\"}} trailing",
                        "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\"},\"extra\":true}",
                        "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\",\"x\":1}}",
                        "{\"subjectId\":\"h\",\"lead\":"
                                + "[".repeat(2000)
                                + "]".repeat(2000)
                                + "}",
                        "{\"subjectId\":\"h\",\"extra\":"
                                + "{\"a\":".repeat(1500)
                                + "1"
                                + "}".repeat(1500)
                                + ",\"lead\":{\"email\":\"a@b.co\"}}",
                        "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\",\"message\":\""
                                + "m".repeat(70_000)
                                + "\"}}")) {
            cases.add(json("body " + abbreviate(body), "lead-classification", body));
        }
        for (String type :
                List.of(
                        "summarise",
                        "lead_classification",
                        "LEAD-CLASSIFICATION",
                        "..",
                        "%2e%2e",
                        "lead-classification.json")) {
            cases.add(
                    json(
                            "type " + type,
                            type,
                            "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\"}}"));
        }
        byte[] invalidUtf8 =
                "{\"subjectId\":\"h\",\"lead\":{\"email\":\"a@b.co\",\"message\":\"__\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 5] = (byte) 0xC3;
        invalidUtf8[invalidUtf8.length - 4] = (byte) 0x28;
        cases.add(
                Arguments.of(
                        "invalid UTF-8", "lead-classification", invalidUtf8, "application/json"));
        cases.add(Arguments.of("text/plain", "lead-classification", "{}".getBytes(), "text/plain"));
        cases.add(
                Arguments.of(
                        "form-encoded",
                        "lead-classification",
                        "subjectId=h".getBytes(),
                        "application/x-www-form-urlencoded"));
        cases.add(
                Arguments.of(
                        "xml", "lead-classification", "<lead/>".getBytes(), "application/xml"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void isRefusedWithAProblemAndStoresNothing(
            String name, String type, byte[] body, String contentType) {
        int tasksBefore = count("task");

        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(uri("/v1/tasks/" + type))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build());

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.path("type").asString()).startsWith("https://rung.dev/problems/");
        assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
        assertThat(count("task")).isEqualTo(tasksBefore);
    }

    static int caseCount() {
        return (int) hostileRequests().count();
    }

    @org.junit.jupiter.api.Test
    void theCorpusHasAtLeastAHundredCases() {
        assertThat(caseCount()).isGreaterThanOrEqualTo(100);
    }

    private int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }

    private static Arguments json(String name, String type, String body) {
        return Arguments.of(name, type, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static String abbreviate(String text) {
        return text.length() > 30 ? text.substring(0, 27) + "…(" + text.length() + ")" : text;
    }
}
