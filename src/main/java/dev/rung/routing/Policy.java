package dev.rung.routing;

import java.util.List;

/**
 * A named routing policy: the models to try in order, how often a rung may be retried after a transient
 * provider error, and whether the next rung sees the failed draft and the check's message.
 */
public record Policy(String name, List<String> ladder, int maxRetriesPerRung, boolean escalateWithContext) {

    public Policy {
        ladder = List.copyOf(ladder);
    }

    public boolean hasRungAfter(int rung) {
        return rung + 1 < ladder.size();
    }
}
