package dev.rung.experiments.internal;

import dev.rung.budgets.BudgetAction;
import dev.rung.budgets.BudgetExhausted;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * With {@code rung.budgets.on-exhausted: pause-treatment}, an arm that reaches its cap pauses the
 * treatment.
 */
@Component
class BudgetPause {

    private final ExperimentRepository experiments;
    private final ExperimentLifecycle lifecycle;

    BudgetPause(ExperimentRepository experiments, ExperimentLifecycle lifecycle) {
        this.experiments = experiments;
        this.lifecycle = lifecycle;
    }

    @EventListener
    void onBudgetExhausted(BudgetExhausted exhausted) {
        if (exhausted.action() != BudgetAction.PAUSE_TREATMENT
                || exhausted.experimentId() == null) {
            return;
        }
        experiments
                .find(exhausted.experimentId())
                .filter(e -> e.status() == ExperimentStatus.RUNNING)
                .ifPresent(
                        e ->
                                lifecycle.pause(
                                        e.id(),
                                        "budget",
                                        "The "
                                                + exhausted.arm()
                                                + " arm reached its daily spend cap.",
                                        Map.of("scope", exhausted.scope())));
    }
}
