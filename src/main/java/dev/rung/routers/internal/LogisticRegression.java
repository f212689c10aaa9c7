package dev.rung.routers.internal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares), with Commons Math's linear algebra: each step solves (XᵀWX + λI) δ = Xᵀ(y − p) − λβ by
 * Cholesky. The intercept is not penalised. Converges in a handful of steps on the few dozen
 * features a router has.
 */
final class LogisticRegression {

    private static final int MAX_STEPS = 50;
    private static final double TOLERANCE = 1e-8;

    private LogisticRegression() {}

    /**
     * @param x one row per example, the intercept's 1 first
     * @param y 1 for a pass, 0 for a failure
     * @param lambda the ridge penalty
     * @return the coefficients, intercept first
     */
    static double[] fit(double[][] x, double[] y, double lambda) {
        int d = x[0].length;
        RealVector beta = new ArrayRealVector(d);
        for (int step = 0; step < MAX_STEPS; step++) {
            RealMatrix hessian = new Array2DRowRealMatrix(d, d);
            RealVector gradient = new ArrayRealVector(d);
            double[] current = beta.toArray();
            for (int i = 0; i < x.length; i++) {
                double p = probability(current, x[i]);
                double w = Math.max(p * (1 - p), 1e-10);
                for (int j = 0; j < d; j++) {
                    if (x[i][j] == 0) {
                        continue;
                    }
                    gradient.addToEntry(j, (y[i] - p) * x[i][j]);
                    for (int k = j; k < d; k++) {
                        hessian.addToEntry(j, k, w * x[i][j] * x[i][k]);
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < j; k++) {
                    hessian.setEntry(j, k, hessian.getEntry(k, j));
                }
                if (j > 0) {
                    hessian.addToEntry(j, j, lambda);
                    gradient.addToEntry(j, -lambda * beta.getEntry(j));
                } else {
                    hessian.addToEntry(0, 0, 1e-9);
                }
            }
            RealVector delta = new CholeskyDecomposition(hessian).getSolver().solve(gradient);
            beta = beta.add(delta);
            if (delta.getLInfNorm() < TOLERANCE) {
                break;
            }
        }
        return beta.toArray();
    }

    static double probability(double[] beta, double[] x) {
        double z = 0;
        for (int j = 0; j < beta.length; j++) {
            z += beta[j] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
