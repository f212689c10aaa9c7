package dev.rung.simulator.internal;

import java.util.SplittableRandom;

/**
 * How a simulated model's self-reported confidence relates to being right: a right answer's
 * confidence is drawn uniformly from [{@code rightLow}, {@code rightHigh}], a wrong answer's from
 * [{@code wrongLow}, {@code wrongHigh}]. The ranges overlap, as with real models, so a confidence
 * threshold trades escalations (right answers below it) against wrong answers accepted (wrong ones
 * above it). The defaults: right answers 0.72–0.99, wrong ones 0.45–0.88; at a threshold of 0.7 no
 * right answer escalates and about 58% of wrong ones do, at 0.8 about 30% of right answers escalate
 * and about 81% of wrong ones.
 */
public record ConfidenceCurve(
        double rightLow, double rightHigh, double wrongLow, double wrongHigh) {

    static final ConfidenceCurve DEFAULT = new ConfidenceCurve(0.72, 0.99, 0.45, 0.88);

    double draw(boolean right, SplittableRandom random) {
        double low = right ? rightLow : wrongLow;
        double high = right ? rightHigh : wrongHigh;
        return Math.round((low + random.nextDouble() * (high - low)) * 100) / 100.0;
    }
}
