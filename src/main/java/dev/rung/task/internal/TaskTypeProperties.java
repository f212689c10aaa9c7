package dev.rung.task.internal;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * {@code rung.task-types}: where definitions are loaded from at start-up, and how soon a replica
 * sees a version another replica stored.
 *
 * @param locations Spring resource patterns of YAML definitions, e.g. {@code
 *     file:/etc/rung/task-types/*.yaml}
 * @param refresh how often the current versions are read again from PostgreSQL
 */
@Validated
@ConfigurationProperties("rung.task-types")
record TaskTypeProperties(
        @DefaultValue("classpath*:task-types/*.yaml") @NotEmpty List<String> locations,
        @DefaultValue("2s") Duration refresh) {}
