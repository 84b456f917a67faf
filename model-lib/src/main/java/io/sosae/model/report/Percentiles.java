package io.sosae.model.report;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The one percentile definition of every report and benchmark: commons-math3's {@link Percentile}
 * with the R-7 estimator (linear interpolation between order statistics, the default of R and
 * NumPy), so the 0.5 quantile is the usual median (the mean of the middle two for an even count).
 * Inputs need not be sorted; an empty input gives NaN.
 */
public final class Percentiles {
    private Percentiles() {}

    /** The {@code quantile} (in (0, 1]) of {@code values}. */
    public static double of(double[] values, double quantile) {
        return of(values, new double[] {quantile})[0];
    }

    /** Several quantiles of {@code values}, sorting them once. */
    public static double[] of(double[] values, double... quantiles) {
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(values);
        double[] out = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            double q = quantiles[i];
            if (!(q > 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in (0, 1], was " + q);
            }
            out[i] = values.length == 0 ? Double.NaN : p.evaluate(q * 100);
        }
        return out;
    }

    public static double median(double[] values) {
        return of(values, 0.5);
    }
}
