package dev.rung.jobs.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code rung.jobs}: bulk jobs through the Batch API.
 *
 * @param pollInterval how often open jobs are driven on: lines uploaded, batches polled, answers
 *     checked
 * @param maxLines the most inputs one job takes
 * @param maxUploadBytes the largest upload one job takes
 * @param linesPerBatch the most lines one batch holds (OpenAI takes up to 50,000 requests a batch)
 * @param concurrency tasks stored, or answers checked and escalated, at once per job
 * @param lease how long an instance holds the job it drives before another may take over
 */
@Validated
@ConfigurationProperties("rung.jobs")
public record JobProperties(
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("100000") @Min(1) int maxLines,
        @DefaultValue("64MB") DataSize maxUploadBytes,
        @DefaultValue("50000") @Min(1) @Max(50000) int linesPerBatch,
        @DefaultValue("8") @Min(1) int concurrency,
        @DefaultValue("2m") Duration lease) {}
