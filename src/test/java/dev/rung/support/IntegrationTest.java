package dev.rung.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the integration tests: the whole service on a real port, a real (embedded) PostgreSQL, and the
 * built-in simulator reached over real HTTP through the OpenAI client. All subclasses share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    private static final int PORT = freePort();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    protected static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + PORT + path);
    }

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(uri(path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.build());
    }

    protected HttpResponse<String> post(String path, String body) {
        return post(path, body, Map.of());
    }

    protected HttpResponse<String> put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    protected HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    /** Every model perfect, except the rates given per model (e.g. {@code "gpt-5.4-nano" -> {"wrong": 0.2}}). */
    protected void simulatorFaults(Map<String, Map<String, Double>> ratesByModel) {
        for (String model : List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4")) {
            var response = put("/v1/admin/simulator/scenario/faults/" + model + "/default",
                    json.writeValueAsString(faultRates(ratesByModel.getOrDefault(model, Map.of()))));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("simulator refused the scenario: " + response.body());
            }
        }
    }

    protected void resetSimulator() {
        delete("/v1/admin/simulator/scenario");
    }

    private static Map<String, Double> faultRates(Map<String, Double> given) {
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        for (String name : List.of("wrong", "schemaInvalid", "missingFields", "labelOutside", "lowConfidence",
                "refusal", "truncation", "rateLimited", "serverError", "timeout")) {
            rates.put(name, given.getOrDefault(name, 0.0));
        }
        return rates;
    }

    protected JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
