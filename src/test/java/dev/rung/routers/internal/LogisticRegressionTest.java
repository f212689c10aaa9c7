package dev.rung.routers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** mtcars (R's datasets): miles per gallon and engine shape (vs: 1 straight, 0 V-shaped). */
    private static final double[] MPG = {
        21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4,
        10.4, 14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7,
        15.0, 21.4
    };

    private static final double[] VS = {
        0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0,
        1
    };

    @Test
    void withoutAPenaltyItIsRsGlm() {
        double[][] x = new double[MPG.length][];
        for (int i = 0; i < MPG.length; i++) {
            x[i] = new double[] {1, MPG[i]};
        }

        double[] beta = LogisticRegression.fit(x, VS, 0);

        // glm(vs ~ mpg, family = binomial, data = mtcars): (Intercept) -8.8331, mpg 0.4304.
        assertThat(beta[0]).isCloseTo(-8.8331, within(5e-5));
        assertThat(beta[1]).isCloseTo(0.4304, within(5e-5));
    }

    @Test
    void aPenaltyShrinksTheSlopeButNotTheIntercept() {
        double[][] x = new double[MPG.length][];
        for (int i = 0; i < MPG.length; i++) {
            x[i] = new double[] {1, (MPG[i] - 20) / 6};
        }

        double[] free = LogisticRegression.fit(x, VS, 0);
        double[] penalised = LogisticRegression.fit(x, VS, 10);

        assertThat(Math.abs(penalised[1])).isLessThan(Math.abs(free[1]));
        // The score equation of the unpenalised intercept still holds: predictions sum to the
        // passes.
        double predicted = 0;
        for (double[] row : x) {
            predicted += LogisticRegression.probability(penalised, row);
        }
        assertThat(predicted).isCloseTo(14, within(1e-6));
    }
}
