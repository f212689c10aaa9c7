package dev.rung.task.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;

import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task types from {@code task_type_version}. Which version is current is cached and read again
 * every {@code rung.task-types.refresh}, so a version stored on one replica serves on all within
 * seconds; the replica that stores it sees it at once. A compiled version is cached for good:
 * versions never change. As for live experiments, a reload runs on the one request that finds it
 * due while the others keep the loaded value.
 */
@Component
class StoredTaskCatalog implements TaskCatalog {

    private static final String ALL = "all";

    private record VersionKey(String slug, int version) {}

    private final TaskTypeStore store;
    private final Definitions definitions;
    private final LoadingCache<String, Map<String, Integer>> current;
    private final LoadingCache<VersionKey, Optional<TaskDefinition>> compiled;

    StoredTaskCatalog(
            TaskTypeStore store,
            Definitions definitions,
            ShippedTaskTypes shipped,
            TaskTypeProperties properties) {
        this.store = store;
        this.definitions = definitions;
        this.current =
                Caffeine.newBuilder()
                        .refreshAfterWrite(properties.refresh())
                        .executor(Runnable::run)
                        .build(key -> store.currentVersions());
        this.compiled =
                Caffeine.newBuilder()
                        .maximumSize(1_000)
                        .executor(Runnable::run)
                        .build(
                                key ->
                                        store.find(key.slug(), key.version())
                                                .map(
                                                        stored ->
                                                                definitions.compile(
                                                                        definitions.read(
                                                                                stored
                                                                                        .definition()),
                                                                        stored.version())));
        shipped.store();
        verifyCurrent();
    }

    @Override
    public Optional<TaskDefinition> current(String slug) {
        Integer version = current.get(ALL).get(slug);
        return version == null ? Optional.empty() : version(slug, version);
    }

    @Override
    public Optional<TaskDefinition> version(String slug, int version) {
        return compiled.get(new VersionKey(slug, version));
    }

    @Override
    public List<TaskDefinition> all() {
        return current.get(ALL).keySet().stream()
                .sorted()
                .map(this::current)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(TaskDefinition::slug))
                .toList();
    }

    /** A version was stored here: every request from now on sees it. */
    void changed() {
        current.invalidateAll();
    }

    /**
     * Every current version must still pass the checks that depend on configuration: a type whose
     * policy was removed from {@code rung.routing.policies} would fail every task, so the service
     * does not start until it is fixed.
     */
    private void verifyCurrent() {
        for (TaskDefinition definition : all()) {
            try {
                definitions.checked(definition);
            } catch (InvalidDefinition e) {
                throw new IllegalStateException(
                        "Task type "
                                + definition.slug()
                                + " version "
                                + definition.version()
                                + " no longer fits the configuration: "
                                + e.getMessage(),
                        e);
            }
        }
    }
}
