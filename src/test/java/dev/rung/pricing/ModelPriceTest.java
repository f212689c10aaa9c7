package dev.rung.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

class ModelPriceTest {

    static final Instant LAUNCH = Instant.parse("2026-03-17T00:00:00Z");

    @Test
    void pricesCachedInputAtTheCachedRate() {
        var nano =
                new ModelPrice(
                        "gpt-5.4-nano",
                        new BigDecimal("0.20"),
                        new BigDecimal("0.02"),
                        new BigDecimal("1.25"),
                        LAUNCH);

        // 86 uncached × 0.20 + 1,920 cached × 0.02 + 24 output × 1.25, per million
        assertThat(nano.costOf(new BilledTokens(2006, 1920, 24))).isEqualByComparingTo("0.0000856");
    }

    @Test
    void pricesTheMiniExampleToTheCent() {
        var mini =
                new ModelPrice(
                        "gpt-5.4-mini",
                        new BigDecimal("0.75"),
                        new BigDecimal("0.075"),
                        new BigDecimal("4.50"),
                        LAUNCH);

        BigDecimal one = mini.costOf(new BilledTokens(2006, 1920, 24));
        // 86 × 0.75 + 1,920 × 0.075 + 24 × 4.50 = 316.5 per million
        assertThat(one).isEqualByComparingTo("0.0003165");
        assertThat(
                        one.multiply(BigDecimal.valueOf(100_000))
                                .setScale(2, java.math.RoundingMode.HALF_UP))
                .isEqualByComparingTo("31.65");
    }

    @Test
    void billsReasoningTokensAsOutput() {
        var full =
                new ModelPrice(
                        "gpt-5.4",
                        new BigDecimal("2.50"),
                        new BigDecimal("0.25"),
                        new BigDecimal("15.00"),
                        LAUNCH);

        // output 64 already includes the 48 reasoning tokens
        assertThat(full.costOf(new BilledTokens(1302, 1152, 64)))
                .isEqualByComparingTo(
                        new BigDecimal("0.000375")
                                .add(new BigDecimal("0.000288"))
                                .add(new BigDecimal("0.00096")));
    }

    @Test
    void pricesPromptTokensWrittenToTheCacheAtTheCacheWritePrice() {
        var haiku =
                new ModelPrice(
                        "claude-haiku-4-5",
                        new BigDecimal("1.00"),
                        new BigDecimal("0.10"),
                        new BigDecimal("5.00"),
                        new BigDecimal("1.25"),
                        LAUNCH);

        // 86 plain × 1.00 + 1,788 written × 1.25 + 31 output × 5.00 = 2,476 per million
        assertThat(haiku.costOf(new BilledTokens(1874, 0, 31, 1788)))
                .isEqualByComparingTo("0.002476");
    }

    @Test
    void withoutACacheWritePriceWrittenTokensCostTheInputPrice() {
        var nano =
                new ModelPrice(
                        "gpt-5.4-nano",
                        new BigDecimal("0.20"),
                        new BigDecimal("0.02"),
                        new BigDecimal("1.25"),
                        null,
                        LAUNCH);

        assertThat(nano.costOf(new BilledTokens(1000, 0, 0, 1000)))
                .isEqualByComparingTo(nano.costOf(new BilledTokens(1000, 0, 0)));
    }
}
