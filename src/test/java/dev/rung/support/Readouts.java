package dev.rung.support;

import tools.jackson.databind.JsonNode;

/** Finding an arm and a comparison in an experiment's readout, as tests read them. */
public final class Readouts {

    private Readouts() {}

    public static JsonNode arm(JsonNode readout, String name) {
        return readout.path("arms")
                .valueStream()
                .filter(a -> a.path("arm").asString().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** One treatment's comparison with control on one metric. */
    public static JsonNode comparison(JsonNode readout, String arm, String metric) {
        return readout.path("comparisons")
                .valueStream()
                .filter(
                        c ->
                                c.path("arm").asString().equals(arm)
                                        && c.path("metric").asString().equals(metric))
                .findFirst()
                .orElseThrow();
    }
}
