package dev.rung.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A small corpus with known answers (a pricing page in Markdown, a refund policy in HTML, release
 * notes in plain text), loaded over the API: versions, stable passage ids, and search ranking the
 * passage that answers each question first.
 */
class KnowledgeSourcesTest extends IntegrationTest {

    private String source;

    @BeforeEach
    void load() {
        source = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(upload("pricing", "markdown", "pricing.md").statusCode()).isEqualTo(201);
        assertThat(upload("refunds", "html", "refund-policy.html").statusCode()).isEqualTo(201);
        assertThat(upload("release-notes", "text", "product-notes.txt").statusCode())
                .isEqualTo(201);
    }

    @Test
    void searchRanksThePassageThatAnswersFirst() {
        JsonNode pro = best("How much does the Pro plan cost per seat?");
        assertThat(pro.path("id").asString()).startsWith("pricing@1#");
        assertThat(pro.path("heading").asString()).isEqualTo("Pro");
        assertThat(pro.path("text").asString()).contains("$49 per seat");
        JsonNode refund = best("Can I get my money back on an annual plan after 30 days?");
        assertThat(refund.path("documentId").asString()).isEqualTo("refunds");
        assertThat(refund.path("text").asString()).contains("within 30 days");
        assertThat(best("Does single sign-on work with Okta?").path("documentId").asString())
                .isEqualTo("release-notes");
        assertThat(best("discount for schools").path("text").asString()).contains("50% off");
    }

    @Test
    void aDocumentIsVersionedAndAFutureVersionWaitsForItsDate() {
        JsonNode first = body(get("/v1/knowledge/" + source + "/documents/pricing/versions/1"));
        // The same content again stores nothing.
        var again = upload("pricing", "markdown", "pricing.md");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).path("version").asInt()).isEqualTo(1);

        String raised = resource("pricing.md").replace("$49 per seat", "$59 per seat");
        var future =
                post(
                        "/v1/knowledge/" + source + "/documents",
                        document("pricing", "markdown", raised)
                                .put(
                                        "effectiveFrom",
                                        Instant.now().plus(7, ChronoUnit.DAYS).toString())
                                .toString());
        assertThat(future.statusCode()).isEqualTo(201);
        assertThat(body(future).path("version").asInt()).isEqualTo(2);
        assertThat(body(future).path("passages").get(0).path("id").asString())
                .isEqualTo("pricing@2#1");
        assertThat(best("Pro plan cost per seat").path("text").asString())
                .as("the raise is not in effect yet")
                .contains("$49");

        var now =
                post(
                        "/v1/knowledge/" + source + "/documents",
                        document("pricing", "markdown", raised.replace("$59", "$55")).toString());
        assertThat(now.statusCode()).isEqualTo(201);
        assertThat(best("Pro plan cost per seat").path("id").asString()).startsWith("pricing@3#");
        assertThat(
                        body(get("/v1/knowledge/" + source + "/documents/pricing"))
                                .path("versions")
                                .valueStream()
                                .map(v -> v.path("version").asInt()))
                .containsExactly(3, 2, 1);
        // An old version keeps its passages, ids and text.
        assertThat(body(get("/v1/knowledge/" + source + "/documents/pricing/versions/1")))
                .isEqualTo(first);
    }

    @Test
    void whatCannotBeStoredOrSearchedIsAProblem() {
        var unknown = get("/v1/knowledge/no-such-source/search?q=price");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow())
                .contains("application/problem+json");
        assertThat(
                        post(
                                        "/v1/knowledge/" + source + "/documents",
                                        document("pricing", "pdf", "x").toString())
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        post(
                                        "/v1/knowledge/Bad_Source/documents",
                                        document("pricing", "text", "x").toString())
                                .statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/knowledge/" + source + "/search?q=%20").statusCode()).isEqualTo(400);
        assertThat(put("/v1/knowledge/" + source, "{\"language\":\"klingon\"}").statusCode())
                .isEqualTo(400);
        assertThat(body(get("/v1/knowledge/" + source + "/documents")).size()).isEqualTo(3);
    }

    @Test
    void aSourcesLanguageCanChangeAndItsPassagesAreIndexedAgain() {
        // English drops "the" as a stop word, in the passages and in the query alike.
        assertThat(body(get("/v1/knowledge/" + source + "/search?q=the")).path("passages"))
                .isEmpty();

        var changed = put("/v1/knowledge/" + source, "{\"language\":\"simple\"}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(body(get("/v1/knowledge/" + source + "/search?q=the")).path("passages"))
                .isNotEmpty();
    }

    private JsonNode best(String question) {
        JsonNode results =
                body(
                        get(
                                "/v1/knowledge/"
                                        + source
                                        + "/search?q="
                                        + URLEncoder.encode(question, StandardCharsets.UTF_8)));
        assertThat(results.path("passages")).as(question).isNotEmpty();
        return results.path("passages").get(0);
    }

    private java.net.http.HttpResponse<String> upload(String id, String type, String file) {
        return post(
                "/v1/knowledge/" + source + "/documents",
                document(id, type, resource(file)).toString());
    }

    private ObjectNode document(String id, String type, String content) {
        return json.createObjectNode()
                .put("documentId", id)
                .put("title", id)
                .put("contentType", type)
                .put("content", content);
    }

    private static String resource(String file) {
        try {
            return new ClassPathResource("knowledge/" + file)
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
