package dev.rung.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.LeadMix;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import java.util.stream.IntStream;

class HardInputsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final HardInputs rule = json.readValue(LeadMix.HARD_RULE, HardInputs.class);

    @Test
    void longForeignAndLargeCompanyLeadsAreHardAndShortEnglishOnesAreNot() {
        IntStream.range(0, 60)
                .forEach(
                        i ->
                                assertThat(
                                                rule.hard(
                                                        json.readTree(LeadMix.lead("b", i))
                                                                .path("lead")))
                                        .as(LeadMix.lead("b", i))
                                        .isEqualTo(LeadMix.hard(i)));
    }

    @Test
    void withoutARuleNothingIsHard() {
        var none = new HardInputs(null, null, null);
        assertThat(none.hard(json.readTree(LeadMix.lead("b", 2)).path("lead"))).isFalse();
    }
}
