package dev.rung.task.internal;

import dev.rung.task.DefinitionCheck;
import dev.rung.task.TaskDefinition;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compiles task type definitions without a database or a Spring context, as the service does when
 * it loads them.
 */
public final class OfflineDefinitions {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Definitions DEFINITIONS =
            new Definitions(
                    JSON, new StaticListableBeanFactory().getBeanProvider(DefinitionCheck.class));

    private OfflineDefinitions() {}

    /**
     * A shipped definition, e.g. {@code lead-classification}, from {@code task-types/}, as version
     * 1.
     */
    public static TaskDefinition shipped(String slug) {
        try {
            return compile(
                    new YAMLMapper()
                            .readTree(Files.readString(Path.of("task-types", slug + ".yaml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles a definition document as version 1; throws with every problem when it is not valid.
     */
    public static TaskDefinition compile(JsonNode document) {
        return DEFINITIONS.compile(DEFINITIONS.read(document), 1);
    }

    /**
     * The problems of a definition document, as {@code pointer: message} lines; empty when it is
     * valid.
     */
    public static java.util.List<String> problems(JsonNode document) {
        try {
            compile(document);
            return java.util.List.of();
        } catch (InvalidDefinition e) {
            return e.violations().stream().map(v -> v.pointer() + ": " + v.message()).toList();
        }
    }
}
