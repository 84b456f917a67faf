package io.sosae.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * A penalty on the latent code, added to the reconstruction loss. Each value is the mean over
 * the batch of a per-sample penalty, already multiplied by its lambda.
 */
public sealed interface Regularizer permits Regularizer.L1, Regularizer.L2, Regularizer.Push, Regularizer.Contractive {

    double lambda();

    NDArray penalty(CodeContext ctx);

    /** The gradient of {@link #penalty} (the analytic backward pass; checked against the reference engine in test-support). */
    PenaltyGradient gradient(CodeContext ctx);

    /** Short stable name for reports and blobs. */
    String name();

    /** lambda * sum_i |h_i| (paper eq. 2). */
    record L1(double lambda) implements Regularizer {
        public L1 {
            requireNonNegative(lambda);
        }

        @Override
        public NDArray penalty(CodeContext ctx) {
            return ctx.code().abs().sum(new int[] {1}).mean().mul((float) lambda);
        }

        @Override
        public PenaltyGradient gradient(CodeContext ctx) {
            return PenaltyGradient.ofCode(ctx.code().sign().muli(perSample(lambda, ctx)));
        }

        @Override
        public String name() {
            return "l1";
        }
    }

    /** lambda * sum_i h_i^2 (paper eq. 3). */
    record L2(double lambda) implements Regularizer {
        public L2 {
            requireNonNegative(lambda);
        }

        @Override
        public NDArray penalty(CodeContext ctx) {
            return ctx.code().square().sum(new int[] {1}).mean().mul((float) lambda);
        }

        @Override
        public PenaltyGradient gradient(CodeContext ctx) {
            return PenaltyGradient.ofCode(ctx.code().mul(2 * perSample(lambda, ctx)));
        }

        @Override
        public String name() {
            return "l2";
        }
    }

    /**
     * The SOSAE push loss, lambda * sum_k (1+alpha)^k |h_k| (eq. 5), or its nested form over a
     * feature tensor of shape {@code featureShape} (eq. 4); see {@link PushWeights}.
     */
    record Push(double lambda, double alpha, int[] featureShape) implements Regularizer {
        public Push {
            requireNonNegative(lambda);
            if (alpha < 0) {
                throw new IllegalArgumentException("push alpha must be >= 0, was " + alpha);
            }
            featureShape = featureShape == null ? null : featureShape.clone();
        }

        /** The vector form over the whole code. */
        public Push(double lambda, double alpha) {
            this(lambda, alpha, null);
        }

        public float[] weights(int capacity) {
            if (featureShape == null) {
                return PushWeights.vector(capacity, alpha);
            }
            float[] w = PushWeights.nested(alpha, featureShape);
            if (w.length != capacity) {
                throw new IllegalArgumentException("push feature shape " + java.util.Arrays.toString(featureShape)
                        + " has " + w.length + " elements but the code has " + capacity);
            }
            return w;
        }

        @Override
        public NDArray penalty(CodeContext ctx) {
            return ctx.code()
                    .abs()
                    .mul(ctx.pushWeights(this))
                    .sum(new int[] {1})
                    .mean()
                    .mul((float) lambda);
        }

        @Override
        public PenaltyGradient gradient(CodeContext ctx) {
            return PenaltyGradient.ofCode(
                    ctx.code().sign().muli(ctx.pushWeights(this).mul(perSample(lambda, ctx))));
        }

        @Override
        public String name() {
            return "push";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Push p
                    && p.lambda == lambda
                    && p.alpha == alpha
                    && java.util.Arrays.equals(p.featureShape, featureShape);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(lambda, alpha, java.util.Arrays.hashCode(featureShape));
        }

        @Override
        public String toString() {
            return "Push[lambda=" + lambda + ", alpha=" + alpha
                    + (featureShape == null ? "" : ", shape=" + java.util.Arrays.toString(featureShape)) + "]";
        }
    }

    /**
     * Contractive penalty lambda * ||J_f(x)||_F^2 of the encoder h = act(x W + b): row j of the
     * Jacobian is act'(z_j) W_j, so the norm is sum_j act'(z_j)^2 ||W_j||^2 (Rifai et al. 2011;
     * for a sigmoid encoder this is the paper's sum_j ||h_j (1-h_j) W_j||^2).
     */
    record Contractive(double lambda) implements Regularizer {
        public Contractive {
            requireNonNegative(lambda);
        }

        @Override
        public NDArray penalty(CodeContext ctx) {
            NDArray columnNorms = ctx.encoderWeight().square().sum(new int[] {0}); // [d]
            NDArray slope = ctx.activationDerivative(); // [B, d]
            return slope.square().mul(columnNorms).sum(new int[] {1}).mean().mul((float) lambda);
        }

        /**
         * With s = act'(z) and c_j = ||W_j||^2: dP/dW_ij = 2 lambda mean_b(s_bj^2) W_ij, and
         * dP/dz_bj = 2 lambda / B s_bj s'_bj c_j (zero for piecewise-linear activations).
         */
        @Override
        public PenaltyGradient gradient(CodeContext ctx) {
            NDArray slope = ctx.activationDerivative();
            float scale = 2 * perSample(lambda, ctx);
            NDArray dWeight =
                    ctx.encoderWeight().mul(slope.square().sum(new int[] {0}).muli(scale));
            NDArray dPre = null;
            if (!ctx.piecewiseLinear()) {
                NDArray columnNorms = ctx.encoderWeight().square().sum(new int[] {0});
                dPre = slope.mul(ctx.activationSecondDerivative()).muli(columnNorms.muli(scale));
            }
            return new PenaltyGradient(null, dPre, dWeight);
        }

        @Override
        public String name() {
            return "contractive";
        }
    }

    /** lambda / B: each penalty is a batch mean of per-sample sums. */
    private static float perSample(double lambda, CodeContext ctx) {
        return (float) (lambda / ctx.code().getShape().get(0));
    }

    private static void requireNonNegative(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("regularizer lambda must be a finite value >= 0, was " + lambda);
        }
    }
}
