package io.sosae.reference;

/**
 * Scalar activations in double precision. Constant names match {@code io.sosae.model.core.Activation}
 * so the two map by {@code valueOf(name())}.
 */
public enum ReferenceActivation {
    /** Seed 001: x for x &gt; 0, else 0.01 x (the kink itself takes the slope). */
    LEAKY_RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : LEAKY_SLOPE * z;
        }

        @Override
        public double derivative(double z, double h) {
            return z > 0 ? 1.0 : LEAKY_SLOPE;
        }

        @Override
        public double secondDerivative(double z, double h) {
            return 0.0;
        }
    },
    RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivative(double z, double h) {
            return z > 0 ? 1.0 : 0.0;
        }

        @Override
        public double secondDerivative(double z, double h) {
            return 0.0;
        }
    },
    SIGMOID {
        @Override
        public double apply(double z) {
            // Split by sign so exp never overflows.
            if (z >= 0) {
                return 1.0 / (1.0 + Math.exp(-z));
            }
            double e = Math.exp(z);
            return e / (1.0 + e);
        }

        @Override
        public double derivative(double z, double h) {
            return h * (1.0 - h);
        }

        @Override
        public double secondDerivative(double z, double h) {
            return h * (1.0 - h) * (1.0 - 2.0 * h);
        }
    },
    TANH {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z, double h) {
            return 1.0 - h * h;
        }

        @Override
        public double secondDerivative(double z, double h) {
            return -2.0 * h * (1.0 - h * h);
        }
    },
    IDENTITY {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double derivative(double z, double h) {
            return 1.0;
        }

        @Override
        public double secondDerivative(double z, double h) {
            return 0.0;
        }
    };

    /** Negative slope of {@link #LEAKY_RELU}, as in "A Peek Into Autoencoder Neural Networks". */
    public static final double LEAKY_SLOPE = 0.01;

    /** h = f(z). */
    public abstract double apply(double z);

    /** f'(z), given z and h = f(z) (whichever is cheaper is used). */
    public abstract double derivative(double z, double h);

    /** f''(z); needed only by the contractive penalty's gradient. Piecewise-linear units give 0. */
    public abstract double secondDerivative(double z, double h);
}
