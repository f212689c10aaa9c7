package dev.rung.task.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code rung.tasks.<type-slug>}: labels, thresholds and prompt of each task type. */
@Validated
@ConfigurationProperties("rung")
public record TaskProperties(@NotNull Map<String, @Valid TaskSettings> tasks) {

    /**
     * @param labels the allowed labels (lead classification) or tags (ticket tagging); unused by field extraction
     * @param confidenceThreshold below this the answer fails the {@code low_confidence} check, per tier
     * @param maxOutputTokens sent as {@code max_completion_tokens}; covers reasoning tokens too
     */
    public record TaskSettings(
            List<@NotBlank String> labels,
            @NotNull @Valid Thresholds confidenceThreshold,
            @Positive int maxOutputTokens,
            @NotNull @Valid PromptSettings prompt) {
    }

    public record Thresholds(
            @DecimalMin("0") @DecimalMax("1") double tierA,
            @DecimalMin("0") @DecimalMax("1") double tierB) {
    }

    /**
     * @param version changes whenever the instructions change, so attempts can be compared by version
     * @param instructions the static system message; {@code {labels}} is replaced with the allowed set
     */
    public record PromptSettings(@NotBlank String version, @NotEmpty String instructions) {
    }
}
