package dev.rung.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

class FailureClassifierTest {

    @ParameterizedTest
    @CsvSource({
        "429,rate_limit_exceeded,RATE_LIMITED",
        "429,insufficient_quota,QUOTA_EXHAUSTED",
        "429,,RATE_LIMITED",
        "401,invalid_api_key,AUTH_ERROR",
        "403,,AUTH_ERROR",
        "400,,BAD_REQUEST",
        "400,unsupported_parameter,BAD_REQUEST",
        "404,model_not_found,BAD_REQUEST",
        "500,,PROVIDER_ERROR",
        "503,,PROVIDER_ERROR",
        "0,,PROVIDER_ERROR",
        "408,,TIMEOUT"
    })
    void classifiesEveryProviderError(int status, String code, FailureClass expected) {
        assertThat(FailureClassifier.classify(status, Optional.ofNullable(code)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "529,overloaded_error,OVERLOADED",
        "429,rate_limit_error,RATE_LIMITED",
        "402,billing_error,QUOTA_EXHAUSTED",
        "401,authentication_error,AUTH_ERROR",
        "403,permission_error,AUTH_ERROR",
        "400,invalid_request_error,BAD_REQUEST",
        "500,api_error,PROVIDER_ERROR",
        "504,timeout_error,TIMEOUT"
    })
    void classifiesAnthropicErrorsByStatusAndType(int status, String type, FailureClass expected) {
        assertThat(FailureClassifier.classifyAnthropic(status, Optional.ofNullable(type)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "503,UNAVAILABLE,OVERLOADED",
        "503,,OVERLOADED",
        "429,RESOURCE_EXHAUSTED,RATE_LIMITED",
        "429,,RATE_LIMITED",
        "400,INVALID_ARGUMENT,BAD_REQUEST",
        "403,PERMISSION_DENIED,AUTH_ERROR",
        "500,INTERNAL,PROVIDER_ERROR",
        "504,DEADLINE_EXCEEDED,TIMEOUT"
    })
    void classifiesGeminiErrorsByStatus(int status, String name, FailureClass expected) {
        assertThat(FailureClassifier.classifyGemini(status, Optional.ofNullable(name)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "429,resource_unavailable,FLEX,CAPACITY_UNAVAILABLE",
        "429,,FLEX,CAPACITY_UNAVAILABLE",
        "429,rate_limit_exceeded,FLEX,RATE_LIMITED",
        "429,insufficient_quota,FLEX,QUOTA_EXHAUSTED",
        "429,resource_unavailable,STANDARD,RATE_LIMITED",
        "500,,FLEX,PROVIDER_ERROR"
    })
    void aFlexCallShortOfCapacityIsNotARateLimit(
            int status, String code, ServiceTier tier, FailureClass expected) {
        assertThat(FailureClassifier.classify(status, Optional.ofNullable(code), tier))
                .isEqualTo(expected);
    }

    @Test
    void readsHowLongTheProviderAsksToWait() {
        assertThat(FailureClassifier.retryAfter(Map.of("Retry-After", "1")))
                .hasValue(Duration.ofSeconds(1));
        assertThat(
                        FailureClassifier.retryAfter(
                                Map.of("retry-after-ms", "114", "retry-after", "1")))
                .hasValue(Duration.ofMillis(114));
        assertThat(
                        FailureClassifier.retryAfter(
                                Map.of(
                                        "x-ratelimit-reset-requests",
                                        "120ms",
                                        "x-ratelimit-reset-tokens",
                                        "6m0s")))
                .hasValue(Duration.ofMillis(120));
        assertThat(FailureClassifier.retryAfter(Map.of())).isEmpty();
        // A 5xx waits for its own backoff, not for the rate-limit window every answer reports.
        assertThat(
                        FailureClassifier.retryAfter(
                                Map.of("x-ratelimit-reset-requests", "59s"),
                                FailureClass.PROVIDER_ERROR))
                .isEmpty();
        assertThat(
                        FailureClassifier.retryAfter(
                                Map.of("retry-after", "2"), FailureClass.PROVIDER_ERROR))
                .hasValue(Duration.ofSeconds(2));
    }

    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("6m0s")).hasValue(Duration.ofMinutes(6));
        assertThat(GoDuration.parse("1.5s")).hasValue(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("1h2m3s")).hasValue(Duration.ofSeconds(3723));
        assertThat(GoDuration.parse("soon")).isEmpty();
        assertThat(GoDuration.parse("5 s")).isEmpty();
    }
}
