package dev.rung.experiments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** The start-up warm-up runs the whole readout, comparisons included, and leaves nothing behind. */
class ReadoutWarmUpTest extends IntegrationTest {

    @Autowired ReadoutWarmUp warmUp;

    @Test
    void theWarmUpComputesEveryComparisonAndStoresNothing() {
        long experimentsBefore = count("experiment");
        long eventsBefore = count("experiment_event");

        JsonNode readout = json.readTree(warmUp.warmUp());

        assertThat(readout.path("comparisons").findValuesAsString("metric"))
                .containsExactly("passRate", "costPerSuccess", "p95Latency");
        assertThat(readout.path("comparisons").get(0).path("absolute").path("ciLow").isNumber())
                .isTrue();
        assertThat(readout.path("days")).hasSize(1);
        assertThat(count("experiment")).isEqualTo(experimentsBefore);
        assertThat(count("experiment_event")).isEqualTo(eventsBefore);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
