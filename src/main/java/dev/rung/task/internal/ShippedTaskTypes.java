package dev.rung.task.internal;

import dev.rung.task.TaskDefinition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads the definition files ({@code rung.task-types.locations}) at start-up and stores each as a
 * version: a changed file becomes a new version, an unchanged one none. One invalid file stops the
 * service, with every problem named by file and JSON Pointer: a workflow that silently does not
 * exist is worse than no start.
 */
@Component
class ShippedTaskTypes {

    private static final Logger log = LoggerFactory.getLogger(ShippedTaskTypes.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final TaskTypeProperties properties;
    private final ResourcePatternResolver resources;
    private final Definitions definitions;
    private final TaskTypeStore store;

    ShippedTaskTypes(
            TaskTypeProperties properties,
            ResourcePatternResolver resources,
            Definitions definitions,
            TaskTypeStore store) {
        this.properties = properties;
        this.resources = resources;
        this.definitions = definitions;
        this.store = store;
    }

    void store() {
        Map<String, String> fileOfSlug = new HashMap<>();
        for (Resource file : files()) {
            String name = file.getFilename();
            TaskTypeSpec spec;
            TaskDefinition definition;
            try {
                spec = definitions.read(read(file));
                definition = definitions.checked(definitions.compile(spec, 0));
            } catch (InvalidDefinition e) {
                throw new IllegalStateException(
                        "Task type file " + describe(file) + " is not valid: " + e.getMessage(), e);
            }
            String other = fileOfSlug.put(spec.slug(), describe(file));
            if (other != null) {
                throw new IllegalStateException(
                        "Task type files "
                                + other
                                + " and "
                                + describe(file)
                                + " both define '"
                                + spec.slug()
                                + "'");
            }
            var saved =
                    store.save(
                            new TaskTypeStore.Candidate(
                                    spec.slug(),
                                    definitions.document(spec),
                                    definitions.contentSha256(spec),
                                    definition.prompt().version(),
                                    definition.prompt().sha256(),
                                    TaskTypeStore.Source.SHIPPED,
                                    "file:" + name));
            log.info(
                    "Task type {} version {} from {}{}",
                    spec.slug(),
                    saved.version().version(),
                    name,
                    saved.created() ? " (new version)" : "");
        }
    }

    private Resource[] files() {
        return properties.locations().stream()
                .flatMap(
                        pattern -> {
                            try {
                                return java.util.Arrays.stream(resources.getResources(pattern));
                            } catch (IOException e) {
                                throw new IllegalStateException(
                                        "Cannot list task type files at " + pattern, e);
                            }
                        })
                .filter(Resource::exists)
                .toArray(Resource[]::new);
    }

    private static JsonNode read(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return YAML.readTree(in);
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException(
                    "Task type file " + describe(file) + " is not readable YAML: " + e.getMessage(),
                    e);
        }
    }

    private static String describe(Resource file) {
        return file.getDescription();
    }
}
