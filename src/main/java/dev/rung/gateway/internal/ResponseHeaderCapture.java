package dev.rung.gateway.internal;

import dev.rung.gateway.TokenLogprob;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spring AI hides the HTTP response, but the rate-limit headers and request id of every call belong
 * on its attempt. Each call is tagged with a private header; this interceptor removes the tag
 * before the request leaves, and keeps the interesting response headers under it until the gateway
 * takes them. Spring AI 2.0 also drops {@code choices[].logprobs} from the answer it builds, so a
 * call tagged as asking for them has them read here from a copy of the body.
 */
@Component
class ResponseHeaderCapture implements OpenAiHttpClientBuilderCustomizer, Interceptor {

    static final String CALL_ID_HEADER = "X-Rung-Call-Id";
    static final String LOGPROBS_HEADER = "X-Rung-Logprobs";

    /** A Chat Completions answer Rung asks for is a few KB; this is far above any of them. */
    private static final long MAX_BODY_COPY = 16L * 1024 * 1024;

    private final Map<String, Map<String, String>> captured = new ConcurrentHashMap<>();
    private final Map<String, List<TokenLogprob>> logprobs = new ConcurrentHashMap<>();
    private final JsonMapper json;

    ResponseHeaderCapture(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customize(SpringAiOpenAiHttpClient.Builder builder) {
        builder.interceptor(this);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String callId = request.header(CALL_ID_HEADER);
        if (callId == null) {
            return chain.proceed(request);
        }
        boolean wantsLogprobs = request.header(LOGPROBS_HEADER) != null;
        Response response =
                chain.proceed(
                        request.newBuilder()
                                .removeHeader(CALL_ID_HEADER)
                                .removeHeader(LOGPROBS_HEADER)
                                .build());
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (keeps(lower)) {
                kept.put(lower, response.header(name));
            }
        }
        captured.put(callId, kept);
        if (wantsLogprobs && response.isSuccessful()) {
            tokens(response.peekBody(MAX_BODY_COPY).string())
                    .ifPresent(found -> logprobs.put(callId, found));
        }
        return response;
    }

    /** Whether an attempt keeps an OpenAI response header (named in lower case). */
    static boolean keeps(String lowerName) {
        return lowerName.startsWith("x-ratelimit-")
                || lowerName.equals("x-request-id")
                || lowerName.startsWith("retry-after")
                || lowerName.equals("openai-processing-ms");
    }

    /** {@code choices[0].logprobs.content}, when the body has it. */
    private Optional<List<TokenLogprob>> tokens(String body) {
        try {
            JsonNode content =
                    json.readTree(body).path("choices").path(0).path("logprobs").path("content");
            if (!content.isArray()) {
                return Optional.empty();
            }
            List<TokenLogprob> tokens = new ArrayList<>(content.size());
            for (JsonNode token : content) {
                tokens.add(
                        new TokenLogprob(
                                token.path("token").asString(""),
                                token.path("logprob").asDouble()));
            }
            return Optional.of(tokens);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The log-probabilities of the tagged call, once; empty when none came back. */
    Optional<List<TokenLogprob>> takeLogprobs(String callId) {
        return Optional.ofNullable(logprobs.remove(callId));
    }

    /** The headers of the tagged call, once; empty when the call never got a response. */
    Map<String, String> take(String callId) {
        Map<String, String> headers = captured.remove(callId);
        return headers == null ? Map.of() : headers;
    }
}
