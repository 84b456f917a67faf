package io.sosae.model.loss;

import java.util.Arrays;

/**
 * Positional weights of the SOSAE push loss ("SOSAE: Self-Organizing Sparse Autoencoders", eq. 4-5).
 *
 * <p>For a vector code of size d: w_k = (1 + alpha)^k for k = 1..d, so the loss
 * sum_k w_k |h_k| costs more the further a unit sits from the front.
 *
 * <p>For an N-dimensional feature tensor of shape (d_N, ..., d_1) (outermost first, row-major),
 * eq. 4 nests the sums: L_N(H) = sum_{k=1}^{d_N} (1 + alpha_N)^k L_{N-1}(H_k), which makes the
 * weight of element (k_N, ..., k_1) the product prod_i (1 + alpha_i)^{k_i}. The paper only says
 * alpha_i is proportional to the cumulative size sum_{n<=i} d_n / sum_n d_n; we take the factor
 * to be {@code alpha}, so the outermost dimension gets alpha_N = alpha and a vector reduces to
 * eq. 5 exactly.
 */
public final class PushWeights {
    private PushWeights() {}

    /** Weights (1+alpha)^k, k = 1..d, for a vector code. */
    public static float[] vector(int d, double alpha) {
        return nested(alpha, d);
    }

    /**
     * Weights of the nested form for a tensor of the given shape, outermost dimension first,
     * flattened row-major (the layout of a flattened feature tensor).
     */
    public static float[] nested(double alpha, int... shapeOuterFirst) {
        if (shapeOuterFirst.length == 0) {
            throw new IllegalArgumentException("push weights need at least one dimension");
        }
        if (alpha < 0) {
            throw new IllegalArgumentException("alpha must be >= 0, was " + alpha);
        }
        int n = shapeOuterFirst.length;
        // dims[i] with i = 1 innermost .. N outermost, as in the paper.
        int[] dims = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            dims[i] = shapeOuterFirst[n - i];
            if (dims[i] <= 0) {
                throw new IllegalArgumentException(
                        "dimension sizes must be positive: " + Arrays.toString(shapeOuterFirst));
            }
        }
        long total = Arrays.stream(dims).sum();
        double[] alphas = new double[n + 1];
        long cumulative = 0;
        for (int i = 1; i <= n; i++) {
            cumulative += dims[i];
            alphas[i] = alpha * cumulative / total;
        }
        int size = Arrays.stream(shapeOuterFirst).reduce(1, Math::multiplyExact);
        float[] w = new float[size];
        int[] index = new int[n + 1]; // 0-based position per paper dimension
        for (int flat = 0; flat < size; flat++) {
            int rest = flat;
            for (int i = 1; i <= n; i++) { // innermost varies fastest in row-major order
                index[i] = rest % dims[i];
                rest /= dims[i];
            }
            double logW = 0;
            for (int i = 1; i <= n; i++) {
                logW += (index[i] + 1) * Math.log1p(alphas[i]);
            }
            w[flat] = (float) Math.exp(logW);
        }
        return w;
    }
}
