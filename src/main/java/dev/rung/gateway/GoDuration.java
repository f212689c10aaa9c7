package dev.rung.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Go-style durations OpenAI sends in {@code x-ratelimit-reset-*} ("120ms", "6m0s",
 * "1.5s").
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = PART.matcher(text.trim());
        double nanos = 0;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return Optional.empty();
            }
            nanos += Double.parseDouble(matcher.group(1)) * nanosPer(matcher.group(2));
            end = matcher.end();
        }
        return end == text.trim().length() && end > 0
                ? Optional.of(Duration.ofNanos(Math.round(nanos)))
                : Optional.empty();
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
