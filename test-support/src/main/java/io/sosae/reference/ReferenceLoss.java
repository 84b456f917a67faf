package io.sosae.reference;

/**
 * Element-wise reconstruction losses l(y, t) for output y and target t. {@link ReferenceMlp}
 * averages them over output elements and batch.
 */
public enum ReferenceLoss {
    /**
     * Binary cross-entropy -[t log y + (1-t) log(1-y)]. Needs a sigmoid output; it is evaluated from
     * the logit z so saturated outputs stay finite, and its delta w.r.t. z is the paper's
     * delta * sigma'(z) = (y-t)/(y(1-y)) * y(1-y), written as the equal y - t to avoid 0/0.
     */
    BCE {
        @Override
        double value(double z, double y, double t) {
            return Math.max(z, 0.0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
        }

        @Override
        double deltaWrtLogit(double z, double y, double t, ReferenceActivation output) {
            return y - t;
        }
    },
    /** Squared error (y - t)^2. */
    MSE {
        @Override
        double value(double z, double y, double t) {
            double d = y - t;
            return d * d;
        }

        @Override
        double deltaWrtLogit(double z, double y, double t, ReferenceActivation output) {
            return 2.0 * (y - t) * output.derivative(z, y);
        }
    },
    /** Absolute error |y - t| (the SOSAE paper's reconstruction term); subgradient 0 at y = t. */
    MAE {
        @Override
        double value(double z, double y, double t) {
            return Math.abs(y - t);
        }

        @Override
        double deltaWrtLogit(double z, double y, double t, ReferenceActivation output) {
            return Math.signum(y - t) * output.derivative(z, y);
        }
    };

    /** Loss of one element, given the output's pre-activation z, its value y and target t. */
    abstract double value(double z, double y, double t);

    /** d l / d z for one element. */
    abstract double deltaWrtLogit(double z, double y, double t, ReferenceActivation output);

    /** Whether this loss is defined for the given output activation. */
    public boolean supports(ReferenceActivation output) {
        return this != BCE || output == ReferenceActivation.SIGMOID;
    }
}
