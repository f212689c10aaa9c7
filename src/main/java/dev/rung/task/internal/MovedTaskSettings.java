package dev.rung.task.internal;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Labels, thresholds and prompts used to be configured under {@code rung.tasks.*}; they now live in
 * task type definitions. A deployment that still sets them would be ignored without a word, so it
 * does not start instead.
 */
@Component
class MovedTaskSettings {

    MovedTaskSettings(Environment environment) {
        Binder.get(environment)
                .bind("rung.tasks", Bindable.mapOf(String.class, Object.class))
                .ifBound(
                        settings -> {
                            throw new IllegalStateException(
                                    "rung.tasks."
                                            + String.join(
                                                    ", rung.tasks.",
                                                    settings.keySet().stream().sorted().toList())
                                            + " is set, but task types are now definitions: move"
                                            + " the labels, thresholds and prompt into"
                                            + " task-types/<slug>.yaml (or POST /v1/task-types) and"
                                            + " remove rung.tasks (README, \"Workflows\")");
                        });
    }
}
