package io.sosae.model.arch;

import java.util.Arrays;

/**
 * Median percentage error, equation 7 of "Simultaneous Weight and Architecture Optimization for
 * Neural Networks". The equation was lost in the text extraction; the prose defines it as the
 * median over the inputs x of the percentage error of the decoded MLP's prediction against the
 * input MLP's output, chosen over the mean because outputs near zero blow the ratio up. Reconstructed
 * as {@code MPE = 100 * median_x |y(x) - yhat(x)| / |y(x)|}. Over a set of MLPs (a cell of Table 1)
 * this implementation reports the median of the per-MLP MPEs (the paper does not say how it pooled
 * them). Inputs with y(x) = 0 are skipped (the ratio is undefined).
 */
public final class Mpe {
    private Mpe() {}

    /** MPE of predictions against targets, in percent. */
    public static double of(double[] targets, double[] predictions) {
        if (targets.length != predictions.length) {
            throw new IllegalArgumentException("targets and predictions differ in length");
        }
        double[] pe = new double[targets.length];
        int c = 0;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != 0) {
                pe[c++] = 100 * Math.abs(targets[i] - predictions[i]) / Math.abs(targets[i]);
            }
        }
        return median(Arrays.copyOf(pe, c));
    }

    /** Median (mean of the two middle values for an even count); NaN for none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }
}
