package dev.rung.gateway.internal;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spring AI hides the HTTP response, but the rate-limit headers and request id of every call belong
 * on its attempt. Each call is tagged with a private header; this interceptor removes the tag
 * before the request leaves, and keeps the interesting response headers under it until the gateway
 * takes them.
 */
@Component
class ResponseHeaderCapture implements OpenAiHttpClientBuilderCustomizer, Interceptor {

    static final String CALL_ID_HEADER = "X-Rung-Call-Id";

    private final Map<String, Map<String, String>> captured = new ConcurrentHashMap<>();

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
        Response response =
                chain.proceed(request.newBuilder().removeHeader(CALL_ID_HEADER).build());
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-ratelimit-")
                    || lower.equals("x-request-id")
                    || lower.startsWith("retry-after")
                    || lower.equals("openai-processing-ms")) {
                kept.put(lower, response.header(name));
            }
        }
        captured.put(callId, kept);
        return response;
    }

    /** The headers of the tagged call, once; empty when the call never got a response. */
    Map<String, String> take(String callId) {
        Map<String, String> headers = captured.remove(callId);
        return headers == null ? Map.of() : headers;
    }
}
