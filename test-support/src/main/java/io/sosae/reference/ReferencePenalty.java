package io.sosae.reference;

/**
 * Per-sample penalty on the code h = f(z), z = x . W1 + b1, of a one-hidden-layer autoencoder,
 * with its analytic gradient. {@link ReferenceMlp} averages it over the batch.
 */
public sealed interface ReferencePenalty
        permits ReferencePenalty.None,
                ReferencePenalty.L1,
                ReferencePenalty.L2,
                ReferencePenalty.Push,
                ReferencePenalty.Contractive {

    /** Value and gradient for one sample; {@code encoder} is the first layer (W1, b1). */
    PenaltyGradient evaluate(double[] z, double[] h, ReferenceActivation activation, DenseLayer encoder);

    /** Whether the penalty is absent (then any depth of network is allowed). */
    default boolean isNone() {
        return false;
    }

    static ReferencePenalty none() {
        return new None();
    }

    static ReferencePenalty l1(double lambda) {
        return new L1(lambda);
    }

    static ReferencePenalty l2(double lambda) {
        return new L2(lambda);
    }

    static ReferencePenalty push(double lambda, double alpha) {
        return new Push(lambda, alpha);
    }

    static ReferencePenalty contractive(double lambda) {
        return new Contractive(lambda);
    }

    private static void checkLambda(double lambda) {
        if (!(lambda >= 0.0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
    }

    /** No penalty. */
    record None() implements ReferencePenalty {
        @Override
        public PenaltyGradient evaluate(double[] z, double[] h, ReferenceActivation activation, DenseLayer encoder) {
            return PenaltyGradient.zero(0.0, h.length, encoder.inputs());
        }

        @Override
        public boolean isNone() {
            return true;
        }
    }

    /** lambda * sum_j |h_j|; subgradient 0 at h_j = 0. */
    record L1(double lambda) implements ReferencePenalty {
        public L1 {
            checkLambda(lambda);
        }

        @Override
        public PenaltyGradient evaluate(double[] z, double[] h, ReferenceActivation activation, DenseLayer encoder) {
            double value = 0.0;
            double[] dCode = new double[h.length];
            for (int j = 0; j < h.length; j++) {
                value += lambda * Math.abs(h[j]);
                dCode[j] = lambda * Math.signum(h[j]);
            }
            return PenaltyGradient.throughCode(value, dCode, encoder.inputs());
        }
    }

    /** lambda * sum_j h_j^2. */
    record L2(double lambda) implements ReferencePenalty {
        public L2 {
            checkLambda(lambda);
        }

        @Override
        public PenaltyGradient evaluate(double[] z, double[] h, ReferenceActivation activation, DenseLayer encoder) {
            double value = 0.0;
            double[] dCode = new double[h.length];
            for (int j = 0; j < h.length; j++) {
                value += lambda * h[j] * h[j];
                dCode[j] = 2.0 * lambda * h[j];
            }
            return PenaltyGradient.throughCode(value, dCode, encoder.inputs());
        }
    }

    /**
     * Seed 000's push loss: lambda * sum_k (1+alpha)^k |h_k|, with k = 1 for the first unit, so later
     * units cost more and unused capacity drifts to the tail.
     */
    record Push(double lambda, double alpha) implements ReferencePenalty {
        public Push {
            checkLambda(lambda);
            if (!(alpha > -1.0) || !Double.isFinite(alpha)) {
                throw new IllegalArgumentException("alpha must be finite and > -1, got " + alpha);
            }
        }

        /** (1+alpha)^k for the 0-based unit index j (k = j + 1). */
        public double weight(int unitIndex) {
            return Math.pow(1.0 + alpha, unitIndex + 1);
        }

        @Override
        public PenaltyGradient evaluate(double[] z, double[] h, ReferenceActivation activation, DenseLayer encoder) {
            double value = 0.0;
            double[] dCode = new double[h.length];
            for (int j = 0; j < h.length; j++) {
                double w = lambda * weight(j);
                value += w * Math.abs(h[j]);
                dCode[j] = w * Math.signum(h[j]);
            }
            return PenaltyGradient.throughCode(value, dCode, encoder.inputs());
        }
    }

    /**
     * Contractive penalty lambda * ||J_f(x)||_F^2. With z = x . W + b the Jacobian entry is
     * dh_j/dx_i = f'(z_j) W_ij, so the penalty is lambda * sum_j f'(z_j)^2 ||W_j||^2 (W_j = column j):
     * (h_j(1-h_j))^2 ||W_j||^2 for sigmoid units, 1[z_j &gt; 0] ||W_j||^2 for ReLU. Its gradient has a
     * part through z (needs f'') and a direct part through W.
     */
    record Contractive(double lambda) implements ReferencePenalty {
        public Contractive {
            checkLambda(lambda);
        }

        @Override
        public PenaltyGradient evaluate(double[] z, double[] h, ReferenceActivation activation, DenseLayer encoder) {
            int d = h.length;
            int n = encoder.inputs();
            double value = 0.0;
            double[] dPre = new double[d];
            double[][] dW = new double[n][d];
            for (int j = 0; j < d; j++) {
                double slope = activation.derivative(z[j], h[j]);
                double norm2 = encoder.squaredColumnNorm(j);
                value += lambda * slope * slope * norm2;
                // d/dz_j [f'(z_j)^2] = 2 f'(z_j) f''(z_j)
                dPre[j] = lambda * norm2 * 2.0 * slope * activation.secondDerivative(z[j], h[j]);
                for (int i = 0; i < n; i++) {
                    dW[i][j] = 2.0 * lambda * slope * slope * encoder.weight(i, j);
                }
            }
            return new PenaltyGradient(value, new double[d], dPre, dW);
        }
    }
}
