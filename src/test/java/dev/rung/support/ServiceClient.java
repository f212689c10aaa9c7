package dev.rung.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * What integration tests use to talk to a running Rung: HTTP helpers, the simulator's admin
 * endpoint, the database. {@link IntegrationTest} adds the shared context; a test with settings of
 * its own extends this with {@code @SpringBootTest} and its own {@code server.port}.
 */
public abstract class ServiceClient {

    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The documented development key, which has every scope. */
    protected static final String DEV_KEY = "rung-local-dev-key";

    @LocalServerPort protected int port;

    @Autowired protected JdbcClient jdbc;

    @Autowired protected JsonMapper json;

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        var request =
                HttpRequest.newBuilder(uri(path))
                        .header("X-API-Key", DEV_KEY)
                        .POST(
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.build());
    }

    protected HttpResponse<String> post(String path, String body) {
        return post(path, body, Map.of());
    }

    protected HttpResponse<String> put(String path, String body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("X-API-Key", DEV_KEY)
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build());
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", DEV_KEY).GET().build());
    }

    protected HttpResponse<String> delete(String path) {
        return send(
                HttpRequest.newBuilder(uri(path)).header("X-API-Key", DEV_KEY).DELETE().build());
    }

    /**
     * Every model perfect, except the rates given per model (e.g. {@code "gpt-5.4-nano" ->
     * {"wrong": 0.2}}).
     */
    protected void simulatorFaults(Map<String, Map<String, Double>> ratesByModel) {
        for (String model : List.of("gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4")) {
            var response =
                    put(
                            "/v1/admin/simulator/scenario/faults/" + model + "/default",
                            json.writeValueAsString(
                                    faultRates(ratesByModel.getOrDefault(model, Map.of()))));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "simulator refused the scenario: " + response.body());
            }
        }
    }

    /** One model's fault rates for one task type only (the others keep theirs). */
    protected void simulatorFaults(String model, String taskType, Map<String, Double> rates) {
        var response =
                put(
                        "/v1/admin/simulator/scenario/faults/" + model + "/" + taskType,
                        json.writeValueAsString(faultRates(rates)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("simulator refused the scenario: " + response.body());
        }
    }

    protected void resetSimulator() {
        delete("/v1/admin/simulator/scenario");
    }

    private static Map<String, Double> faultRates(Map<String, Double> given) {
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        for (String name :
                List.of(
                        "wrong",
                        "schemaInvalid",
                        "missingFields",
                        "labelOutside",
                        "lowConfidence",
                        "refusal",
                        "truncation",
                        "rateLimited",
                        "serverError",
                        "timeout",
                        "ruleViolation",
                        "citationUnknown",
                        "misquote",
                        "citationMissing")) {
            rates.put(name, given.getOrDefault(name, 0.0));
        }
        return rates;
    }

    /** Posts every body, 32 at a time, and returns the answers' bodies in the bodies' order. */
    protected List<JsonNode> postAll(String path, List<String> bodies) throws Exception {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
        List<java.util.concurrent.Future<JsonNode>> futures = new java.util.ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String request : bodies) {
                futures.add(
                        executor.submit(
                                () -> {
                                    inFlight.acquire();
                                    try {
                                        return body(post(path, request));
                                    } finally {
                                        inFlight.release();
                                    }
                                }));
            }
            List<JsonNode> answers = new java.util.ArrayList<>();
            for (var future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
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
