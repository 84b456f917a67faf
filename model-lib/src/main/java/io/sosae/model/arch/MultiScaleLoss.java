package io.sosae.model.arch;

import ai.djl.ndarray.NDArray;

/**
 * The losses the multi-scale autoencoder is trained with, equations 2 and 3 of "Simultaneous
 * Weight and Architecture Optimization for Neural Networks", over L(n, k): the mean squared error
 * between the outputs of the MLP that decoder k decodes from input MLP n and the outputs of MLP n
 * on the same inputs.
 *
 * <p>Both equations were lost in the text extraction; reconstructed from the prose:
 *
 * <ul>
 *   <li>min loss (eq. 3): {@code mean_n min_k L(n, k)}: only the best decoder of each input MLP
 *       gets gradient;
 *   <li>p-norm loss (eq. 2): {@code mean_n (sum_k L(n, k)^p)^(1/p)}, which "smoothly aggregates"
 *       the decoders: p = 1 asks every decoder to be good, a negative p leans towards the best one
 *       (p to minus infinity is the min loss). The paper's two values of p were lost with the
 *       equation; this implementation compares p = 1 and p = -1 by default. A small epsilon keeps
 *       negative powers finite.
 * </ul>
 */
public record MultiScaleLoss(String name, double p) {
    static final double EPS = 1e-8;

    /** Equation 3. */
    public static MultiScaleLoss min() {
        return new MultiScaleLoss("min", Double.NEGATIVE_INFINITY);
    }

    /** Equation 2 with exponent p (p != 0). */
    public static MultiScaleLoss pNorm(double p) {
        if (p == 0 || !Double.isFinite(p)) {
            throw new IllegalArgumentException("the p-norm loss needs a finite p != 0, was " + p);
        }
        return new MultiScaleLoss("p=" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)), p);
    }

    public boolean isMin() {
        return p == Double.NEGATIVE_INFINITY;
    }

    /** The loss of a [batch x decoders] array of per-decoder errors, a scalar. */
    public NDArray apply(NDArray perDecoder) {
        if (isMin()) {
            return perDecoder.min(new int[] {1}).mean();
        }
        return perDecoder.add(EPS).pow(p).sum(new int[] {1}).pow(1 / p).mean();
    }

    /** The same loss in plain Java, for one input MLP's per-decoder errors. */
    public double value(double[] perDecoder) {
        if (isMin()) {
            double m = Double.POSITIVE_INFINITY;
            for (double v : perDecoder) {
                m = Math.min(m, v);
            }
            return m;
        }
        double s = 0;
        for (double v : perDecoder) {
            s += Math.pow(v + EPS, p);
        }
        return Math.pow(s, 1 / p);
    }
}
